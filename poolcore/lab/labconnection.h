#pragma once

#include "labcounters.h"
#include "labresponder.h"
#include "labsettings.h"

#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>

class QTcpSocket;

// One client connection of the lab backend, on the lab thread. It reads requests, answers each
// after the simulated handshake, latency and jitter (in order: one request at a time, as a
// single-threaded server would), injects errors, and closes or goes silent when idle. It reads
// the lab's live settings on every decision, so a changed knob applies to the next one.
//
// Memory is bounded: at most MaxPendingAnswers answers wait, and while they do (or while the
// client does not read what it was sent) the socket is not read, so the kernel's buffers
// throttle a client that floods.
class LabConnection : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxPendingAnswers = 64;
    static constexpr qint64 MaxUnsentBytes = 4 * 1024 * 1024;

    // Takes ownership of socket, which is connected (and for TLS, handshaking).
    LabConnection(QTcpSocket *socket, const LabSettings &settings, QObject *parent = nullptr);
    ~LabConnection() override;

    // The settings changed: re-arms the idle timer for the new idle-close and silent-drop.
    void settingsChanged();
    // Closes gracefully (FIN after what was written), answering nothing more.
    void close(LabCloseReason reason);
    // Sends an RST now (SO_LINGER 0, then close).
    void reset(LabCloseReason reason);
    // Drops the connection now: FIN, or RST when unread data is left, as when a process ends.
    void drop(LabCloseReason reason);
    bool isSilent() const { return m_silent; }

Q_SIGNALS:
    // All emitted on the lab thread.
    void bytesReceived(qint64 count);
    void bytesSent(qint64 count);
    void requestAnswered(bool errorReply);
    void wentSilent();
    // Exactly once; the connection deletes itself afterwards.
    void finished(LabCloseReason reason);

private:
    struct Pending
    {
        qint64 dueNs = 0;
        QByteArray bytes;
        bool errorReply = false;
        bool cut = false; // error injection: write half, then close
        bool close = false; // close once written, for closeReason
        LabCloseReason closeReason = LabCloseReason::ClientAsked;
    };

    void onReadyRead();
    void takeRequests();
    void enqueue(Pending pending);
    void sendDue();
    void scheduleReply();
    void touch();
    void armIdleTimer();
    void onIdleTimeout();
    void onDisconnected();
    void finish(LabCloseReason reason);
    bool backpressured() const;

    QTcpSocket *m_socket;
    const LabSettings &m_settings;
    std::unique_ptr<LabResponder> m_responder;
    QByteArray m_buffer;
    std::deque<Pending> m_pending;
    QTimer m_replyTimer;
    QTimer m_idleTimer;
    qint64 m_readyNs = 0; // when the simulated handshake is over
    qint64 m_lastDueNs = 0; // when the last queued answer is due
    qint64 m_lastActivityNs = 0;
    bool m_silent = false;
    bool m_closing = false; // answering nothing more
    bool m_finished = false;
    LabCloseReason m_closeReason = LabCloseReason::ClientClosed;
};
