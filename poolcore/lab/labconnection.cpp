#include "labconnection.h"

#include "monotonicclock.h"

#include <QRandomGenerator>
#include <QSslSocket>

#include <algorithm>
#include <sys/socket.h>

namespace {

constexpr qint64 ReadBufferSize = 64 * 1024;
// A graceful close waits for what was written to go out; a client that never reads gets an
// abort after this long.
constexpr int CloseTimeoutMs = 10'000;

int msUntil(qint64 dueNs, qint64 nowNs)
{
    // Round up: a timer that fires early only finds nothing due and waits again.
    return int(std::clamp<qint64>((dueNs - nowNs + 999'999) / 1'000'000, 0, INT_MAX));
}

} // namespace

LabConnection::LabConnection(QTcpSocket *socket, const LabSettings &settings, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_settings(settings)
    , m_responder(LabResponder::create(settings.protocol))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(ReadBufferSize);
    const qint64 now = MonotonicClock::nowNs();
    m_readyNs = now + MonotonicClock::msToNs(settings.setupDelayMs);
    m_lastActivityNs = now;

    m_replyTimer.setSingleShot(true);
    m_replyTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_replyTimer, &QTimer::timeout, this, &LabConnection::sendDue);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_idleTimer, &QTimer::timeout, this, &LabConnection::onIdleTimeout);

    connect(m_socket, &QIODevice::readyRead, this, &LabConnection::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, [this](qint64 count) {
        Q_EMIT bytesSent(count);
        // Writing was what held the requests back.
        if (m_socket->bytesAvailable() > 0 && !backpressured())
            onReadyRead();
    });
    connect(m_socket, &QAbstractSocket::disconnected, this, &LabConnection::onDisconnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) {
                if (error == QAbstractSocket::SslHandshakeFailedError)
                    drop(LabCloseReason::TlsFailure);
                else if (m_socket->state() == QAbstractSocket::UnconnectedState)
                    finish(m_closeReason);
            });
    armIdleTimer();
}

LabConnection::~LabConnection() = default;

void LabConnection::settingsChanged()
{
    armIdleTimer();
    if (!m_pending.empty())
        scheduleReply();
}

void LabConnection::close(LabCloseReason reason)
{
    if (m_finished)
        return;
    m_closeReason = reason;
    m_closing = true;
    m_pending.clear();
    m_replyTimer.stop();
    m_idleTimer.stop();
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        finish(reason);
        return;
    }
    QTimer::singleShot(CloseTimeoutMs, this, [this] { m_socket->abort(); });
}

void LabConnection::reset(LabCloseReason reason)
{
    if (m_finished)
        return;
    m_closeReason = reason;
    const qintptr descriptor = m_socket->socketDescriptor();
    if (descriptor != -1) {
        // With a zero linger time close() discards unsent data and sends an RST.
        const linger noLinger{1, 0};
        ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
    }
    m_socket->abort();
    finish(reason);
}

void LabConnection::drop(LabCloseReason reason)
{
    if (m_finished)
        return;
    m_closeReason = reason;
    m_socket->abort();
    finish(reason);
}

void LabConnection::onReadyRead()
{
    if (m_finished)
        return;
    if (m_closing || m_silent || m_settings.blackhole) {
        // Read and drop: a blackhole or a forgotten flow swallows everything.
        const qint64 count = m_socket->skip(m_socket->bytesAvailable());
        Q_EMIT bytesReceived(count);
        if (m_settings.blackhole && !m_silent && !m_closing)
            touch();
        return;
    }
    if (backpressured())
        return;
    const QByteArray data = m_socket->readAll();
    Q_EMIT bytesReceived(data.size());
    m_buffer += data;
    touch();
    takeRequests();
}

void LabConnection::takeRequests()
{
    while (!m_closing && m_pending.size() < MaxPendingAnswers) {
        const LabResponder::Status status = m_responder->take(m_buffer);
        if (status == LabResponder::Status::NeedMore)
            break;
        Pending pending;
        if (status == LabResponder::Status::Malformed) {
            m_buffer.clear();
            pending.bytes = m_responder->malformedAnswer();
            pending.close = true;
            pending.closeReason = LabCloseReason::ProtocolError;
        } else {
            LabResponder::Answer answer;
            auto *random = QRandomGenerator::global();
            if (m_settings.errorRate > 0 && random->generateDouble() < m_settings.errorRate) {
                // Half of the injected errors are a close mid-response, and all of them where
                // the protocol has no error reply.
                const auto errorAnswer = m_responder->errorAnswer();
                if (errorAnswer && random->bounded(2) == 0) {
                    answer = *errorAnswer;
                } else {
                    answer = m_responder->answer(m_settings.responseSize);
                    pending.cut = true;
                }
            } else {
                answer = m_responder->answer(m_settings.responseSize);
            }
            pending.bytes = answer.bytes;
            pending.errorReply = answer.errorReply;
            pending.close = answer.close;
        }
        const bool last = pending.close || pending.cut;
        enqueue(std::move(pending));
        if (last)
            m_closing = true; // the connection ends with this answer: nothing after it is read
    }
    scheduleReply();
}

void LabConnection::enqueue(Pending pending)
{
    // One request at a time: this one starts when the handshake is over, it has arrived and
    // the one before it is answered.
    qint64 delayMs = m_settings.latencyMs;
    if (m_settings.jitterMs > 0)
        delayMs += qint64(QRandomGenerator::global()->bounded(quint64(m_settings.jitterMs) + 1));
    const qint64 start = std::max({MonotonicClock::nowNs(), m_readyNs, m_lastDueNs});
    pending.dueNs = start + MonotonicClock::msToNs(delayMs);
    m_lastDueNs = pending.dueNs;
    m_pending.push_back(std::move(pending));
    m_idleTimer.stop();
}

void LabConnection::scheduleReply()
{
    if (m_pending.empty()) {
        m_replyTimer.stop();
        return;
    }
    m_replyTimer.start(msUntil(m_pending.front().dueNs, MonotonicClock::nowNs()));
}

void LabConnection::sendDue()
{
    if (m_finished || m_silent)
        return;
    if (m_settings.blackhole) {
        // A blackhole answers nothing, including what was queued before it was switched on.
        m_pending.clear();
        touch();
        return;
    }
    const qint64 now = MonotonicClock::nowNs();
    while (!m_pending.empty() && m_pending.front().dueNs <= now) {
        Pending pending = std::move(m_pending.front());
        m_pending.pop_front();
        if (pending.cut) {
            m_socket->write(pending.bytes.first(pending.bytes.size() / 2));
            close(LabCloseReason::ErrorInjection);
            return;
        }
        if (!pending.bytes.isEmpty())
            m_socket->write(pending.bytes);
        if (pending.closeReason != LabCloseReason::ProtocolError)
            Q_EMIT requestAnswered(pending.errorReply);
        if (pending.close) {
            close(pending.closeReason);
            return;
        }
        if (m_finished)
            return;
    }
    // Into the kernel now, after the answers were counted: a buffered write waits for the
    // event loop to see the socket writable, one more wake-up for every answer.
    m_socket->flush();
    if (m_finished)
        return;
    if (!m_pending.empty()) {
        scheduleReply();
        return;
    }
    touch();
    // A full queue was what held the requests back; take them from the event loop, not from
    // here, so a pipelining client cannot make this recurse.
    if (!m_buffer.isEmpty() || m_socket->bytesAvailable() > 0) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                takeRequests();
                if (m_socket->bytesAvailable() > 0)
                    onReadyRead();
            },
            Qt::QueuedConnection);
    }
}

void LabConnection::touch()
{
    m_lastActivityNs = MonotonicClock::nowNs();
    armIdleTimer();
}

void LabConnection::armIdleTimer()
{
    const qint64 idleClose = m_settings.idleCloseMs;
    const qint64 silentDrop = m_settings.silentDropMs;
    if (m_silent || m_closing || m_finished || !m_pending.empty()
        || (idleClose == 0 && silentDrop == 0)) {
        m_idleTimer.stop();
        return;
    }
    const qint64 limitMs = idleClose == 0 ? silentDrop
        : silentDrop == 0                 ? idleClose
                                          : std::min(idleClose, silentDrop);
    m_idleTimer.start(
        msUntil(m_lastActivityNs + MonotonicClock::msToNs(limitMs), MonotonicClock::nowNs()));
}

void LabConnection::onIdleTimeout()
{
    if (m_silent || m_closing || m_finished || !m_pending.empty())
        return;
    const qint64 idleNs = MonotonicClock::nowNs() - m_lastActivityNs;
    const qint64 idleClose = m_settings.idleCloseMs;
    const qint64 silentDrop = m_settings.silentDropMs;
    const bool silentFirst = silentDrop > 0 && (idleClose == 0 || silentDrop <= idleClose);
    if (silentFirst && idleNs >= MonotonicClock::msToNs(silentDrop)) {
        m_silent = true;
        m_buffer.clear();
        Q_EMIT wentSilent();
        return;
    }
    if (idleClose > 0 && idleNs >= MonotonicClock::msToNs(idleClose)) {
        close(LabCloseReason::IdleClose);
        return;
    }
    armIdleTimer();
}

void LabConnection::onDisconnected()
{
    finish(m_closeReason);
}

void LabConnection::finish(LabCloseReason reason)
{
    if (m_finished)
        return;
    m_finished = true;
    m_closing = true;
    m_pending.clear();
    m_replyTimer.stop();
    m_idleTimer.stop();
    Q_EMIT finished(reason);
    deleteLater();
}

bool LabConnection::backpressured() const
{
    return m_pending.size() >= size_t(MaxPendingAnswers)
        || m_socket->bytesToWrite() > MaxUnsentBytes;
}
