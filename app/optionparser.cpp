#include "optionparser.h"

#include <cmath>

using namespace Qt::StringLiterals;

OptionParser::OptionParser(const QString &command, const QString &summary)
    : m_command(command)
    , m_summary(summary)
{ }

void OptionParser::add(const Option &option)
{
    m_options << option;
}

const OptionParser::Option *OptionParser::find(QStringView name) const
{
    for (const Option &option : m_options) {
        if (option.name == name)
            return &option;
    }
    return nullptr;
}

QString OptionParser::optionList() const
{
    QStringList names;
    for (const Option &option : m_options)
        names << u"--"_s + option.name;
    return names.join(u", "_s);
}

QStringList OptionParser::takePositional(QStringList *arguments) const
{
    QStringList positional;
    QStringList options;
    for (qsizetype i = 0; i < arguments->size(); ++i) {
        const QString &argument = arguments->at(i);
        if (!argument.startsWith(u'-') || argument == u"-") {
            positional << argument;
            continue;
        }
        options << argument;
        const Option *option = argument.startsWith(u"--") && !argument.contains(u'=')
            ? find(QStringView(argument).mid(2))
            : nullptr;
        if (option && !option->valueName.isEmpty() && i + 1 < arguments->size())
            options << arguments->at(++i);
    }
    *arguments = options;
    return positional;
}

std::optional<int> OptionParser::parse(const QStringList &arguments) const
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--help" || argument == u"-h") {
            std::fputs(qPrintable(usage()), stdout);
            return 0;
        }
        if (!argument.startsWith(u"--"))
            return fail(u"unexpected argument \"%1\"; accepted: %2"_s.arg(argument, optionList()));
        const qsizetype equals = argument.indexOf(u'=');
        const QString name = argument.mid(2, equals < 0 ? -1 : equals - 2);
        const Option *option = find(name);
        if (!option)
            return fail(u"unknown option --%1; accepted: %2"_s.arg(name, optionList()));
        QString value;
        if (equals >= 0) {
            value = argument.mid(equals + 1);
        } else if (!option->valueName.isEmpty()) {
            if (i + 1 >= arguments.size()) {
                const QString accepted = option->accepted.isEmpty()
                    ? u"--%1 %2"_s.arg(name, option->valueName)
                    : option->accepted;
                return fail(u"--%1: missing value; accepted: %2"_s.arg(name, accepted));
            }
            value = arguments.at(++i);
        }
        if (const QString error = option->apply(value); !error.isEmpty())
            return fail(u"--%1: %2"_s.arg(name, error));
    }
    return std::nullopt;
}

QString OptionParser::usage() const
{
    QString text = u"Usage: %1 [options]\n%2\n\n"_s.arg(m_command, m_summary);
    for (const Option &option : m_options) {
        const QString left = option.valueName.isEmpty()
            ? u"--"_s + option.name
            : u"--%1 %2"_s.arg(option.name, option.valueName);
        QString help = option.help;
        if (!option.accepted.isEmpty() && !help.contains(option.accepted))
            help += u"; "_s + option.accepted;
        text += u"  %1 %2\n"_s.arg(left.leftJustified(26), help);
    }
    return text;
}

int OptionParser::fail(const QString &message) const
{
    printLine(stderr, m_command + u": "_s + message);
    return 2;
}

OptionParser::Option OptionParser::integer(const QString &name, const QString &valueName,
                                           const QString &help, qint64 minimum, qint64 maximum,
                                           const QString &unit, std::function<void(qint64)> store)
{
    const QString accepted
        = u"%1 to %2%3"_s.arg(minimum).arg(maximum).arg(unit.isEmpty() ? QString() : u" "_s + unit);
    return {name, valueName, help, accepted, [=](const QString &value) {
                bool ok = false;
                const qint64 n = value.trimmed().toLongLong(&ok);
                if (!ok)
                    return u"\"%1\" is not a whole number; accepted: %2"_s.arg(value, accepted);
                if (n < minimum || n > maximum)
                    return u"\"%1\" is out of range; accepted: %2"_s.arg(value, accepted);
                store(n);
                return QString();
            }};
}

OptionParser::Option OptionParser::decimal(const QString &name, const QString &valueName,
                                           const QString &help, double maximum,
                                           const QString &accepted,
                                           std::function<void(double)> store)
{
    return {name, valueName, help, accepted, [=](const QString &value) {
                bool ok = false;
                const double n = value.trimmed().toDouble(&ok);
                if (!ok || !std::isfinite(n))
                    return u"\"%1\" is not a number; accepted: %2"_s.arg(value, accepted);
                if (n < 0 || n > maximum)
                    return u"\"%1\" is out of range; accepted: %2"_s.arg(value, accepted);
                store(n);
                return QString();
            }};
}

OptionParser::Option OptionParser::flag(const QString &name, const QString &help,
                                        std::function<void()> store)
{
    return {name, QString(), help, QString(), [=](const QString &value) {
                const QString error = noValue(value);
                if (error.isEmpty())
                    store();
                return error;
            }};
}

OptionParser::Option OptionParser::text(const QString &name, const QString &valueName,
                                        const QString &help,
                                        std::function<void(const QString &)> store)
{
    return {name, valueName, help, QString(), [=](const QString &value) {
                store(value);
                return QString();
            }};
}

QString OptionParser::noValue(const QString &value)
{
    return value.isEmpty()
        ? QString()
        : u"\"%1\" was given, but it takes no value; accepted: the option alone"_s.arg(value);
}

void OptionParser::printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stream);
    std::fflush(stream);
}
