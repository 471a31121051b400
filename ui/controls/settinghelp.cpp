#include "settinghelp.h"

#include "labknob.h"
#include "poolsettingfield.h"

using namespace Qt::StringLiterals;

namespace {

struct Words
{
    const char *key;
    const char *title;
    const char *what;
    const char *tooLow; // empty for switches and choices
    const char *tooHigh;
};

// Translatable, and kept next to each other so a setting's words read as one paragraph.
constexpr Words PoolWords[] = {
    {"tls_insecure", QT_TRANSLATE_NOOP("SettingHelp", "Accept any certificate"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Skip certificate verification. Only for test servers: "
                       "anyone in the path could pose as the server."),
     "", ""},
    {"ca_file", QT_TRANSLATE_NOOP("SettingHelp", "Extra CA file"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "A PEM file of certificates to trust besides the "
                       "system's, for a server with a private CA."),
     "", ""},
    {"resolve", QT_TRANSLATE_NOOP("SettingHelp", "Resolve overrides"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "HOST:PORT:ADDRESS entries, comma-separated: dial ADDRESS "
                       "instead of what DNS says, like curl --resolve. ADDRESS is a "
                       "full IP address: 127.0.0.1, or ::1 (in brackets in the entry)."),
     "", ""},
    {"max_connections", QT_TRANSLATE_NOOP("SettingHelp", "Max connections"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "The most connections the pool keeps open at once, busy "
                       "and idle together."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Requests queue for a free connection and wait (see the "
                       "waiters line and the acquire wait)."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Bursts open many connections the server must hold; a "
                       "server limit or file limit may refuse them.")},
    {"min_idle", QT_TRANSLATE_NOOP("SettingHelp", "Min idle"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Connections kept open and ready even when nothing "
                       "happens, dialed ahead of demand."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "After a quiet spell the first requests pay for a "
                       "handshake."),
     QT_TRANSLATE_NOOP("SettingHelp", "Idle connections occupy the server for nothing.")},
    {"min_connections", QT_TRANSLATE_NOOP("SettingHelp", "Min connections"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Connections kept open in all, busy and idle together, "
                       "dialed ahead of demand while the pool is ready."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "After a quiet spell the first requests pay for a "
                       "handshake."),
     QT_TRANSLATE_NOOP("SettingHelp", "Idle connections occupy the server for nothing.")},
    {"max_concurrent_dials", QT_TRANSLATE_NOOP("SettingHelp", "Max concurrent dials"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "How many new connections may be opening at the same "
                       "time."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "A burst fills the pool slowly, one handshake after "
                       "another."),
     QT_TRANSLATE_NOOP("SettingHelp", "A burst becomes a connection storm on the server.")},
    {"acquire_timeout_ms", QT_TRANSLATE_NOOP("SettingHelp", "Acquire timeout"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "How long a request may wait for a free connection "
                       "before it fails."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Requests fail in a short burst that the pool would have "
                       "absorbed."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "When the backend is stuck, callers hang instead of "
                       "failing fast.")},
    {"connect_timeout_ms", QT_TRANSLATE_NOOP("SettingHelp", "Connect timeout"),
     QT_TRANSLATE_NOOP("SettingHelp", "How long a dial (resolve, TCP connect, TLS) may take."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Dials to a distant or busy server fail though they "
                       "would have succeeded."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "A server that does not answer holds a slot for that "
                       "long.")},
    {"idle_timeout_ms", QT_TRANSLATE_NOOP("SettingHelp", "Idle timeout"),
     QT_TRANSLATE_NOOP("SettingHelp", "An idle connection unused this long is closed."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Connections close between requests and handshakes "
                       "come back."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Above the server's or a NAT's own idle timeout, reused "
                       "connections are found dead (stale).")},
    {"max_lifetime_ms", QT_TRANSLATE_NOOP("SettingHelp", "Max lifetime"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Connections older than this are closed when they come "
                       "back (with a little jitter, so they do not all go at "
                       "once)."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Frequent redials: handshakes that pooling was meant to "
                       "save."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "New servers behind a load balancer or DNS change get "
                       "no traffic for a long time.")},
    {"pause_after_dial_failures", QT_TRANSLATE_NOOP("SettingHelp", "Pause after dial failures"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "A circuit breaker: after this many failed dials in a row "
                       "the pool pauses and requests fail at once; one dial at "
                       "a time checks whether the backend is back."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "A short outage pauses the pool: requests fail that "
                       "would have waited a moment and succeeded."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "With the backend down, requests queue up and wait out "
                       "their acquire timeout.")},
    {"maintenance_interval_ms", QT_TRANSLATE_NOOP("SettingHelp", "Maintenance interval"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "When idle connections past their idle timeout or "
                       "lifetime are closed: 0 as soon as one is due, -1 never "
                       "(then only when one is about to be reused)."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "The pool wakes up often to close connections one at a "
                       "time."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Expired connections stay open, holding the server's "
                       "resources, until the next check.")},
    {"reuse_order", QT_TRANSLATE_NOOP("SettingHelp", "Reuse order"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "lifo: the most recently used idle connection first, so "
                       "spare ones age out. fifo: the oldest first, spreading "
                       "use over every connection."),
     "", ""},
    {"check_before_reuse", QT_TRANSLATE_NOOP("SettingHelp", "Check before reuse"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Before lending an idle connection, check that the "
                       "server has not closed it. Off: a dead connection fails "
                       "the request that gets it."),
     "", ""},
    {"check_after_idle_ms", QT_TRANSLATE_NOOP("SettingHelp", "Check after idle"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Only connections idle at least this long are checked "
                       "before reuse."),
     QT_TRANSLATE_NOOP("SettingHelp", "Every reuse pays for a check."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Connections the server closed a moment ago are lent "
                       "out unchecked.")},
    {"backoff_initial_ms", QT_TRANSLATE_NOOP("SettingHelp", "Back-off start"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "After a failed dial, wait this long before the next; "
                       "the wait doubles with each failure."),
     QT_TRANSLATE_NOOP("SettingHelp", "A down server is hammered with dials."),
     QT_TRANSLATE_NOOP("SettingHelp", "A server that is back is not noticed for a while.")},
    {"backoff_max_ms", QT_TRANSLATE_NOOP("SettingHelp", "Back-off limit"),
     QT_TRANSLATE_NOOP("SettingHelp", "The longest wait between failed dials."),
     QT_TRANSLATE_NOOP("SettingHelp", "A long outage still sees frequent dials."),
     QT_TRANSLATE_NOOP("SettingHelp", "Recovery after a long outage is noticed late.")},
    {"tcp_nodelay", QT_TRANSLATE_NOOP("SettingHelp", "TCP_NODELAY"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Send small writes at once instead of waiting to batch "
                       "them (Nagle). Off adds up to 40 ms to small "
                       "request/response exchanges."),
     "", ""},
    {"keepalive", QT_TRANSLATE_NOOP("SettingHelp", "TCP keepalive"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "Let the kernel probe idle connections, so a vanished "
                       "peer is noticed and middleboxes keep the flow."),
     "", ""},
    {"keepalive_idle_s", QT_TRANSLATE_NOOP("SettingHelp", "Keepalive idle"),
     QT_TRANSLATE_NOOP("SettingHelp", "Idle time before the first keepalive probe."),
     QT_TRANSLATE_NOOP("SettingHelp", "Probes on every short pause."),
     QT_TRANSLATE_NOOP("SettingHelp", "A NAT may forget the flow before the first probe.")},
    {"keepalive_interval_s", QT_TRANSLATE_NOOP("SettingHelp", "Keepalive interval"),
     QT_TRANSLATE_NOOP("SettingHelp", "Time between unanswered probes."),
     QT_TRANSLATE_NOOP("SettingHelp", "A short hiccup declares the peer dead."),
     QT_TRANSLATE_NOOP("SettingHelp", "A dead peer is noticed late.")},
    {"keepalive_count", QT_TRANSLATE_NOOP("SettingHelp", "Keepalive probes"),
     QT_TRANSLATE_NOOP("SettingHelp", "Unanswered probes before the connection is dropped."),
     QT_TRANSLATE_NOOP("SettingHelp", "A short hiccup declares the peer dead."),
     QT_TRANSLATE_NOOP("SettingHelp", "A dead peer is noticed late.")},
    {"dns_refresh_ms", QT_TRANSLATE_NOOP("SettingHelp", "DNS refresh"),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "How often the host name is resolved again, asking the "
                       "system resolver afresh each time; connections to "
                       "addresses no longer listed are closed."),
     QT_TRANSLATE_NOOP("SettingHelp", "Many DNS lookups."),
     QT_TRANSLATE_NOOP("SettingHelp",
                       "A moved server keeps getting traffic at its old "
                       "address.")},
};

struct KnobWords
{
    const char *key;
    const char *title;
};

constexpr KnobWords LabWords[] = {
    {"protocol", QT_TRANSLATE_NOOP("SettingHelp", "Protocol")},
    {"latency", QT_TRANSLATE_NOOP("SettingHelp", "Latency")},
    {"jitter", QT_TRANSLATE_NOOP("SettingHelp", "Jitter")},
    {"response-size", QT_TRANSLATE_NOOP("SettingHelp", "Response size")},
    {"setup-delay", QT_TRANSLATE_NOOP("SettingHelp", "Simulated handshake")},
    {"tls", QT_TRANSLATE_NOOP("SettingHelp", "TLS (real)")},
    {"idle-close", QT_TRANSLATE_NOOP("SettingHelp", "Idle close")},
    {"silent-drop", QT_TRANSLATE_NOOP("SettingHelp", "Silent drop")},
    {"max-clients", QT_TRANSLATE_NOOP("SettingHelp", "Max clients")},
    {"error-rate", QT_TRANSLATE_NOOP("SettingHelp", "Error rate")},
    {"blackhole", QT_TRANSLATE_NOOP("SettingHelp", "Blackhole")},
    {"pause-accepting", QT_TRANSLATE_NOOP("SettingHelp", "Pause accepting")},
};

const Words *wordsFor(const QString &key)
{
    for (const Words &words : PoolWords) {
        if (key == QLatin1StringView(words.key))
            return &words;
    }
    return nullptr;
}

QString humanKey(QString key)
{
    key.replace(u'_', u' ').replace(u'-', u' ');
    if (!key.isEmpty())
        key[0] = key[0].toUpper();
    return key;
}

} // namespace

QString SettingHelp::title(const PoolSettingField &field)
{
    if (field.key == u"host")
        return tr("Host");
    if (field.key == u"port")
        return tr("Port");
    if (field.key == u"tls")
        return tr("TLS");
    const Words *words = wordsFor(field.key);
    return words ? tr(words->title) : humanKey(field.key);
}

QString SettingHelp::toolTip(const PoolSettingField &field)
{
    QString text = u"<b>%1</b> <code>%2</code>"_s.arg(title(field).toHtmlEscaped(), field.key);
    if (const Words *words = wordsFor(field.key)) {
        text += u"<p>"_s + tr(words->what).toHtmlEscaped() + u"</p>"_s;
        if (*words->tooLow)
            text += u"<p><b>"_s + tr("Too low:") + u"</b> "_s + tr(words->tooLow).toHtmlEscaped()
                + u"<br><b>"_s + tr("Too high:") + u"</b> "_s + tr(words->tooHigh).toHtmlEscaped()
                + u"</p>"_s;
    }
    text += u"<p><i>"_s + tr("Accepted: %1").arg(field.acceptedText()).toHtmlEscaped()
        + u"</i></p>"_s;
    return text;
}

QString SettingHelp::groupTitle(int group)
{
    switch (PoolSettingField::Group(group)) {
    case PoolSettingField::Group::Target:
        return tr("Target");
    case PoolSettingField::Group::Size:
        return tr("Size");
    case PoolSettingField::Group::Timeouts:
        return tr("Timeouts");
    case PoolSettingField::Group::Lifetime:
        return tr("Lifetime");
    case PoolSettingField::Group::Health:
        return tr("Health");
    case PoolSettingField::Group::Network:
        return tr("Network");
    }
    return {};
}

QString SettingHelp::title(const LabKnob &knob)
{
    for (const KnobWords &words : LabWords) {
        if (knob.key == QLatin1StringView(words.key))
            return tr(words.title);
    }
    return humanKey(knob.key);
}

QString SettingHelp::toolTip(const LabKnob &knob)
{
    // The lab's own table says what each knob simulates; it is English, like its messages.
    return u"<b>%1</b> <code>--%2</code><p>%3</p><p><i>%4</i></p>"_s.arg(
        title(knob).toHtmlEscaped(), knob.key, knob.simulates.toHtmlEscaped(),
        tr("Accepted: %1").arg(knob.acceptedText()).toHtmlEscaped());
}
