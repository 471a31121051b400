#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

// A real loopback server for the pool's tests: accepts, echoes what it reads (or answers each
// read with set bytes), and can close, reset, stop and restart on the same port. Optionally TLS
// (QSslServer).
class TestServer : public QObject
{
    Q_OBJECT
public:
    explicit TestServer(QObject *parent = nullptr);
    ~TestServer() override;

    void setTls(const QSslConfiguration &configuration);
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void stopListening();
    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_address; }

    int accepted() const { return m_accepted; }
    int open() const;
    QList<QTcpSocket *> clients() const;

    void closeAll(); // FIN
    void resetAll(); // RST
    void setEcho(bool echo) { m_echo = echo; }
    // Answers every read with reply instead of echoing it, and never closes: a server that
    // says something wrong, then waits.
    void setReply(const QByteArray &reply) { m_reply = reply; }

    // A certificate/key for localhost, 127.0.0.1 and ::1, for TLS tests.
    static QSslConfiguration localhostTlsConfiguration();
    static QString localhostCertificatePath();

Q_SIGNALS:
    void clientAccepted(QTcpSocket *socket);

private:
    void takePending();

    std::unique_ptr<QTcpServer> m_server;
    std::optional<QSslConfiguration> m_tls;
    QList<QPointer<QTcpSocket>> m_clients;
    QHostAddress m_address;
    quint16 m_port = 0;
    int m_accepted = 0;
    bool m_echo = true;
    QByteArray m_reply;
};

// A listener whose accept queue is full and never drained: connects to it time out.
class FullBacklogListener
{
public:
    FullBacklogListener();
    ~FullBacklogListener();
    bool isValid() const { return m_fd >= 0 && m_filled; }
    quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
    bool m_filled = false;
    QList<QTcpSocket *> m_fillers;
};

void raiseFileLimit();
