#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QAbstractSocket;
class QSocketNotifier;

// How a connection ended that we did not close: the peer's FIN or RST, or the kernel's timeout
// when keepalive probes (or retransmissions) went unanswered and nobody sent either.
enum class PeerClose : quint8 { Fin, Reset, TimedOut };

// Tells whether the peer closed a connection with a FIN or an RST. Qt reports both alike and
// closes the descriptor before saying so; peeking (SocketOptions::peekHealth) when the socket's
// read notification arrives, before Qt reads, tells which it was: a server's idle timeout, or a
// middlebox that forgot the flow or a crash.
class PeerCloseWatch : public QObject
{
    Q_OBJECT
public:
    explicit PeerCloseWatch(QObject *parent = nullptr);
    ~PeerCloseWatch() override;

    // Watches socket's read notifications; call it once connected, when Qt has made them (a TLS
    // socket's belong to its inner plain socket and are found too). It peeks only while
    // watching() returns true (only while idle, say); always when it is not given.
    void attach(QAbstractSocket *socket, std::function<bool()> watching = {});
    // Peeks now, for a close that has arrived but that the event loop has not delivered yet.
    // Returns the close it saw, which hint() keeps; nullopt when it saw none.
    std::optional<PeerClose> peek();
    // What the last peek that saw a close saw.
    std::optional<PeerClose> hint() const { return m_hint; }
    // What the owner learnt otherwise: a write that failed, say (only an RST makes one fail).
    void setHint(PeerClose how) { m_hint = how; }
    void clearHint() { m_hint.reset(); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPointer<QAbstractSocket> m_socket;
    std::function<bool()> m_watching;
    QList<QPointer<QSocketNotifier>> m_notifiers; // Qt deletes them when the socket closes
    std::optional<PeerClose> m_hint;
};
