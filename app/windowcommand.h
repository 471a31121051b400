#pragma once

// Opens the inspector window on the embedded lab (or the target kept from the last run) and
// runs until it closes; returns the exit status.
int runWindow(int &argc, char **argv);
// poolscope open FILE: a window on a recording (poolscope run --record), nothing live; returns
// the exit status (2 when FILE is missing or not a recording, saying why).
int runOpenWindow(int &argc, char **argv);
