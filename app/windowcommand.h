#pragma once

// Opens the inspector window on the embedded lab (or the target kept from the last run) and
// runs until it closes; returns the exit status.
int runWindow(int &argc, char **argv);
