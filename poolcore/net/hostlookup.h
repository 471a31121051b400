#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>

// One name lookup through the system's resolver (getaddrinfo: the hosts file, then DNS), on a
// thread of its own, answered on the caller's thread from the event loop. Every lookup asks
// the resolver afresh: QHostInfo answers from a cache for 60 s, so a refresh every few seconds
// saw a moved name's old address for up to a minute.
class HostLookup : public QObject
{
public:
    // addresses empty: error says why.
    using Done = std::function<void(const QList<QHostAddress> &addresses, const QString &error)>;

    explicit HostLookup(QObject *parent = nullptr);
    // A lookup under way is forgotten; its thread finishes on its own and reports to nobody.
    ~HostLookup() override;

    // Forgets any lookup under way. name is a host name, not an address.
    void start(const QString &name, Done done);
    void abort();
    bool isRunning() const { return bool(m_done); }

    // What the answers are called in events and reports.
    static QString source() { return QStringLiteral("system resolver"); }

private:
    struct Relay;
    void finish(quint64 id, const QList<QHostAddress> &addresses, const QString &error);

    std::shared_ptr<Relay> m_relay;
    quint64 m_nextId = 1;
    quint64 m_id = 0;
    Done m_done;
};
