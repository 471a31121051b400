#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSslError>
#include <QString>
#include <QStringList>

class QSslSocket;
enum class ProbeFailure : quint8;

// What a TLS handshake negotiated and what the server's certificate says, whether or not it
// verified: the probe lets every handshake finish and judges the certificate itself, so one
// run shows both what --insecure would accept and why it is needed.
struct ProbeTlsInfo
{
    bool valid = false; // a certificate was received
    QString protocol; // "TLSv1.3"
    QString cipher;
    QString subject;
    QString issuer;
    QDateTime notBefore;
    QDateTime expires;
    bool nameMatches = false;
    bool trusted = false; // the chain leads to a trusted authority
    bool inDate = false; // not expired, already valid
    QStringList errors; // what verification said, one line each

    // The TLS failure the errors amount to (None when the certificate verified). Expiry comes
    // first, then a wrong name, then an untrusted chain: the first is the one to fix first.
    static ProbeFailure classify(const QList<QSslError> &errors);
    ProbeFailure failure() const;

    // After the handshake (or after sslErrors, once the peer certificate is known).
    static ProbeTlsInfo fromSocket(const QSslSocket &socket, const QList<QSslError> &errors);

    QJsonObject toJson() const;

    friend bool operator==(const ProbeTlsInfo &, const ProbeTlsInfo &) = default;
};
