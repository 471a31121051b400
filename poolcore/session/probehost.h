#pragma once

#include "feedmailbox.h"
#include "probefeed.h"
#include "probesettings.h"
#include "sessionreply.h"
#include "threadhost.h"

#include <functional>

class IdleCutoffFinder;
class Prober;

// The session's probes (the Prober and the IdleCutoffFinder) on a thread of their own, so the
// sockets they open are nobody else's. Every call posts to that thread and returns at once;
// what they find is taken from the mailbox. Internal to the session.
class ProbeHost
{
public:
    struct Delivery
    {
        ProbeFeed feed;
        QList<SessionReply> replies;
    };

    // wake runs on the probes' thread when there is something to take().
    explicit ProbeHost(std::function<void()> wake);
    ~ProbeHost(); // stops both and ends the thread: teardown only

    // A probe under way is replaced; stop() ends both the probe and the finder.
    void probe(const ProbeSettings &settings, quint64 command);
    void findIdleCutoff(const ProbeSettings &settings, quint64 command);
    void stop(quint64 command);

    Delivery take() { return m_mailbox.take(); }

private:
    void create();
    void answer(quint64 command, const QString &action, const QStringList &errors);
    void post(const std::function<void(Delivery &)> &change);

    std::function<void()> m_wake;
    FeedMailbox<Delivery> m_mailbox;
    ThreadHost m_thread;
    Prober *m_prober = nullptr; // both live on the probes' thread
    IdleCutoffFinder *m_finder = nullptr;
};
