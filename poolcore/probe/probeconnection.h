#pragma once

#include "peerclosewatch.h"
#include "probesettings.h"
#include "probestep.h"

#include <QAbstractSocket>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QSslError>
#include <QTimer>

#include <memory>

class QTcpSocket;
class ResponseParser;

// One probe connection to one address, step by step: TCP connect, TLS handshake (when the
// settings say TLS), then protocol requests on demand, each step timed and classified. Between
// requests it watches the idle connection and tells how the peer ended it: a FIN or an RST. It
// lives on one thread's event loop and never blocks it.
//
// Receivers of its signals may delete it, with deleteLater().
class ProbeConnection : public QObject
{
    Q_OBJECT
public:
    enum class State : quint8 {
        Unconnected,
        Connecting,
        TlsHandshake,
        Idle, // open, no request outstanding
        Requesting,
        Closed,
    };

    explicit ProbeConnection(const ProbeSettings &settings, QObject *parent = nullptr);
    ~ProbeConnection() override;

    // Connects to address at the settings' port, then shakes hands when the settings say TLS.
    // Emits stepFinished for each step, then opened() when every one succeeded.
    void open(const QHostAddress &address);
    // Sends one request of the settings' protocol; only when Idle. Emits stepFinished with the
    // Response step, a failure (TimedOut) when no complete response came within timeoutMs; or,
    // when the peer had already closed the connection, closedWhileIdle() instead.
    void sendRequest(qint64 timeoutMs);
    void close();

    State state() const { return m_state; }
    QString address() const { return m_addressText; }
    // MonotonicClock ns when it last became idle.
    qint64 idleSinceNs() const { return m_idleSinceNs; }
    // After a Response step that timed out: the kernel still had the connection established
    // with nothing to read, so the peer (or the path) went silent rather than away.
    bool silentButOpen() const { return m_silentButOpen; }

Q_SIGNALS:
    void stepFinished(const ProbeStep &step);
    void opened();
    // The peer ended the connection while it was idle, after idleNs of idleness.
    void closedWhileIdle(PeerClose how, qint64 idleNs);

private:
    void onConnected();
    void onEncrypted();
    void onErrorOccurred(QAbstractSocket::SocketError error);
    void onPeerClosed();
    void onReadyRead();
    void onTimeout();
    ProbeStep makeStep(ProbeStep::Kind kind) const;
    void finishStep(ProbeStep step);
    void failStep(ProbeStep::Kind kind, ProbeFailure failure, const QString &message);
    void finishResponse();
    ProbeFailure closeFailure() const;
    void becomeIdle();
    void shutDown();

    ProbeSettings m_settings;
    QTcpSocket *m_socket = nullptr; // a QSslSocket with TLS; a child
    QTimer m_timer;
    State m_state = State::Unconnected;
    QString m_addressText;
    qint64 m_stepStartNs = 0;
    qint64 m_idleSinceNs = 0;
    QList<QSslError> m_sslErrors;
    std::unique_ptr<ResponseParser> m_parser;
    QByteArray m_buffer;
    QByteArray m_firstBytes; // the start of the answer, to recognise what answered
    qint64 m_firstByteNs = 0;
    PeerCloseWatch m_closeWatch; // how the peer closed it, from a peek before Qt read
    bool m_silentButOpen = false;
};
