#include "socketerrors.h"

#include <QTest>

using namespace Qt::StringLiterals;

// The pool and the probe read a socket's error through this one classification; a FIN while
// dialing is a reset to the pool (the probe calls it Closed before mapping the rest).
class tst_SocketErrors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classify_data();
    void classify();
};

void tst_SocketErrors::classify_data()
{
    QTest::addColumn<QAbstractSocket::SocketError>("error");
    QTest::addColumn<QString>("message");
    QTest::addColumn<DialError>("expected");
    const auto row
        = [](const char *name, QAbstractSocket::SocketError error, const QString &message,
             DialError expected) { QTest::newRow(name) << error << message << expected; };
    row("host not found", QAbstractSocket::HostNotFoundError, u"Host not found"_s,
        DialError::HostNotFound);
    row("refused", QAbstractSocket::ConnectionRefusedError, u"Connection refused"_s,
        DialError::Refused);
    row("timeout", QAbstractSocket::SocketTimeoutError, u"Socket operation timed out"_s,
        DialError::TimedOut);
    row("peer closed", QAbstractSocket::RemoteHostClosedError, u"The remote host closed"_s,
        DialError::Reset);
    row("handshake", QAbstractSocket::SslHandshakeFailedError, u"handshake failed"_s,
        DialError::TlsFailure);
    row("unreachable", QAbstractSocket::NetworkError, u"Network unreachable"_s,
        DialError::NetworkUnreachable);
    row("reset", QAbstractSocket::NetworkError, u"Connection reset by peer"_s, DialError::Reset);
    row("timed out", QAbstractSocket::NetworkError, u"Connection timed out"_s, DialError::TimedOut);
    row("other network error", QAbstractSocket::NetworkError, u"Broken pipe"_s, DialError::Other);
    row("other", QAbstractSocket::UnknownSocketError, u"Unknown error"_s, DialError::Other);
}

void tst_SocketErrors::classify()
{
    QFETCH(QAbstractSocket::SocketError, error);
    QFETCH(QString, message);
    QFETCH(DialError, expected);
    QCOMPARE(classifyDialError(error, message), expected);
}

QTEST_GUILESS_MAIN(tst_SocketErrors)
#include "tst_socketerrors.moc"
