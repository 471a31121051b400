#include "displaycheck.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>

using namespace Qt::StringLiterals;

DisplayCheck::DisplayCheck(const QStringList &arguments)
{
    QString platforms = qEnvironmentVariable("QT_QPA_PLATFORM");
    QString source = u"QT_QPA_PLATFORM"_s;
    // QGuiApplication reads "-platform NAME" (or "--platform NAME") before the environment.
    for (qsizetype i = 1; i + 1 < arguments.size(); ++i) {
        if (arguments.at(i) == u"-platform" || arguments.at(i) == u"--platform") {
            platforms = arguments.at(i + 1);
            source = u"-platform"_s;
        }
    }
    if (platforms.trimmed().isEmpty()) {
        if (qEnvironmentVariableIsEmpty("DISPLAY")
            && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            m_missing = u"no display (DISPLAY and WAYLAND_DISPLAY are unset)"_s;
        return;
    }
    for (const QString &entry : platforms.split(u';', Qt::SkipEmptyParts)) {
        if (platformCanStart(entry.section(u':', 0, 0).trimmed()))
            return;
    }
    const auto shown = [](const char *name) {
        const QString value = qEnvironmentVariable(name);
        return value.isEmpty() ? u"unset"_s : value;
    };
    m_missing
        = u"no display for the platform %1 (from %2; DISPLAY is %3, WAYLAND_DISPLAY is %4)"_s.arg(
            platforms, source, shown("DISPLAY"), shown("WAYLAND_DISPLAY"));
}

bool DisplayCheck::platformCanStart(const QString &platform)
{
    if (platform == u"xcb")
        return !qEnvironmentVariableIsEmpty("DISPLAY");
    if (platform.startsWith(u"wayland")) {
        // libwayland falls back to the socket "wayland-0" when WAYLAND_DISPLAY is unset.
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        return !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            || (!runtime.isEmpty() && QFileInfo::exists(QDir(runtime).filePath(u"wayland-0"_s)));
    }
    return true;
}

int DisplayCheck::refuse(const QString &why)
{
    const QString line = u"poolscope: the window cannot open: %1. Without a display, run the "
                         u"headless equivalent: poolscope run --lab --compare\n"_s.arg(why);
    std::fputs(line.toLocal8Bit().constData(), stderr);
    return 2;
}
