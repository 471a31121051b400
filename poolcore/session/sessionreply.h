#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

// The answer to one command given to a Session: every command gets exactly one, in a later
// feed, applied (no errors) or refused (each error naming the setting, the value and what is
// accepted).
struct SessionReply
{
    quint64 command = 0; // the id the Session returned for it
    quint32 pool = 0; // the pool it was for; 0 for the lab and the probes
    QString action; // what it was: "set_pool_settings", "start_lab", ...
    QStringList errors;

    bool ok() const { return errors.isEmpty(); }

    friend bool operator==(const SessionReply &, const SessionReply &) = default;
};

Q_DECLARE_METATYPE(SessionReply)
