#pragma once

#include "feedmailbox.h"
#include "labfeed.h"
#include "labsettings.h"
#include "sessionreply.h"
#include "threadhost.h"

#include <functional>

class LabServer;

// The session's lab on a thread of its own, so serving (and misbehaving) takes no time from
// the client being measured. Every call posts to that thread and returns at once; the answers,
// the port it listens on, listening changes and its counters (a few times a second) are taken
// from the mailbox. Internal to the session.
class LabHost
{
public:
    struct Delivery
    {
        LabFeed feed;
        QList<SessionReply> replies;
    };

    // wake runs on the lab's thread when there is something to take().
    explicit LabHost(std::function<void()> wake);
    ~LabHost(); // drops every connection and ends the thread: teardown only

    // Listens; the reply's feed carries the settings with the port it got.
    void start(const LabSettings &settings, quint64 command);
    void setSettings(const LabSettings &settings, quint64 command);
    // Drops every connection, stops listening, listens again on the same port after downMs.
    void restart(qint64 downMs, quint64 command);
    // Sends an RST on every open connection.
    void resetAll(quint64 command);
    // Drops every connection and stops listening; the reply's feed has the final counters.
    void stop(quint64 command);

    Delivery take() { return m_mailbox.take(); }

private:
    void answer(quint64 command, const QString &action, const std::function<QStringList()> &work);
    void post(const std::function<void(Delivery &)> &change);
    void publishCounters();

    std::function<void()> m_wake;
    FeedMailbox<Delivery> m_mailbox;
    ThreadHost m_thread;
    LabServer *m_server = nullptr; // lives on the lab's thread
};
