#include "optionparser.h"

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
        text += u"  %1 %2\n"_s.arg(left.leftJustified(26), option.help);
    }
    return text;
}

int OptionParser::fail(const QString &message) const
{
    printLine(stderr, m_command + u": "_s + message);
    return 2;
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
