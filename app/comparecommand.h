#pragma once

#include <QStringList>

// poolscope compare FIRST SECOND [--report text|json]: two recordings side by side, each
// figure of both and how many times the second's is the first's.
int runCompareCommand(const QStringList &arguments);
