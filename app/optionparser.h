#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <functional>
#include <optional>

// Reads a subcommand's "--name VALUE", "--name=VALUE" and "--switch" arguments. Every problem
// becomes one line, "poolscope CMD: --name: what was wrong; accepted: ...", and exit status 2,
// so scripts get a message they can show and nothing else.
class OptionParser
{
public:
    struct Option
    {
        QString name; // without the dashes: "max-connections"
        QString valueName; // "N", "MS", ...; empty for a switch
        QString help; // one line for --help
        QString accepted; // for "missing value"; defaults to "--name VALUENAME"
        // Takes the value (empty for a bare switch; a switch may be written --name=VALUE);
        // returns what was wrong with it and what is accepted, without the option's name, or
        // an empty string when it is accepted.
        std::function<QString(const QString &value)> apply;
    };

    OptionParser(const QString &command, const QString &summary);

    void add(const Option &option);
    // nullopt when every argument was accepted; otherwise the exit status: 0 after --help,
    // 2 after a bad argument (its line already printed).
    std::optional<int> parse(const QStringList &arguments) const;
    // Takes out of *arguments, and returns, those that are neither an option nor an option's
    // value (files, say), so what is left goes to parse().
    QStringList takePositional(QStringList *arguments) const;
    QString usage() const;
    // Prints "COMMAND: message" on stderr and returns 2.
    int fail(const QString &message) const;

    static void printLine(FILE *stream, const QString &line);
    // For switches that take no value.
    static QString noValue(const QString &value);

    // A whole number from minimum to maximum ("ms", "s" or no unit).
    static Option integer(const QString &name, const QString &valueName, const QString &help,
                          qint64 minimum, qint64 maximum, const QString &unit,
                          std::function<void(qint64)> store);
    // A finite number from 0 to maximum.
    static Option decimal(const QString &name, const QString &valueName, const QString &help,
                          double maximum, const QString &accepted,
                          std::function<void(double)> store);
    static Option flag(const QString &name, const QString &help, std::function<void()> store);
    static Option text(const QString &name, const QString &valueName, const QString &help,
                       std::function<void(const QString &)> store);

private:
    const Option *find(QStringView name) const;
    QString optionList() const;

    QString m_command;
    QString m_summary;
    QList<Option> m_options;
};
