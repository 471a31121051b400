#pragma once

#include <QString>
#include <QStringList>

// Whether the window can open here. Qt's X11 and Wayland platform plugins need a display
// server, and without one QApplication aborts (exit 134) instead of returning an error, so the
// binary asks first, from the environment and the arguments alone, before QApplication exists.
// The platform comes from "-platform NAME" or QT_QPA_PLATFORM (a ';'-separated fallback list,
// each entry NAME[:options]); platforms other than xcb and wayland (offscreen, minimal, vnc,
// eglfs, linuxfb, ...) draw without a display server, so Qt is left to try those.
class DisplayCheck
{
public:
    explicit DisplayCheck(const QStringList &arguments);

    bool canOpenWindow() const { return m_missing.isEmpty(); }
    // Why not, as a phrase: "no display (DISPLAY and WAYLAND_DISPLAY are unset)".
    QString missing() const { return m_missing; }

    // Prints the one line that says the window cannot open and why, and names the headless
    // equivalent; returns the exit status, 2.
    static int refuse(const QString &why);

private:
    static bool platformCanStart(const QString &platform);

    QString m_missing;
};
