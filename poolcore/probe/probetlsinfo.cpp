#include "probetlsinfo.h"

#include "probestep.h"

#include <QJsonArray>
#include <QSslCipher>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace {

struct Verdicts
{
    bool nameMatches = true;
    bool trusted = true;
    bool inDate = true;
};

Verdicts judge(const QList<QSslError> &errors)
{
    Verdicts verdicts;
    for (const QSslError &error : errors) {
        switch (error.error()) {
        case QSslError::CertificateExpired:
        case QSslError::CertificateNotYetValid:
            verdicts.inDate = false;
            break;
        case QSslError::HostNameMismatch:
            verdicts.nameMatches = false;
            break;
        default:
            verdicts.trusted = false;
            break;
        }
    }
    return verdicts;
}

ProbeFailure failureOf(const Verdicts &verdicts)
{
    if (!verdicts.inDate)
        return ProbeFailure::TlsExpired;
    if (!verdicts.nameMatches)
        return ProbeFailure::TlsNameMismatch;
    if (!verdicts.trusted)
        return ProbeFailure::TlsUntrusted;
    return ProbeFailure::None;
}

QString isoDate(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

} // namespace

ProbeFailure ProbeTlsInfo::classify(const QList<QSslError> &errors)
{
    return failureOf(judge(errors));
}

ProbeFailure ProbeTlsInfo::failure() const
{
    return failureOf({nameMatches, trusted, inDate});
}

ProbeTlsInfo ProbeTlsInfo::fromSocket(const QSslSocket &socket, const QList<QSslError> &errors)
{
    ProbeTlsInfo info;
    const QSslCertificate certificate = socket.peerCertificate();
    info.valid = !certificate.isNull();
    const QSslCipher cipher = socket.sessionCipher();
    if (!cipher.isNull()) {
        info.protocol = cipher.protocolString();
        info.cipher = cipher.name();
    }
    if (info.valid) {
        info.subject = certificate.subjectDisplayName();
        info.issuer = certificate.issuerDisplayName();
        info.notBefore = certificate.effectiveDate();
        info.expires = certificate.expiryDate();
    }
    const Verdicts verdicts = judge(errors);
    info.nameMatches = verdicts.nameMatches;
    info.trusted = verdicts.trusted;
    info.inDate = verdicts.inDate;
    for (const QSslError &error : errors)
        info.errors << error.errorString();
    return info;
}

QJsonObject ProbeTlsInfo::toJson() const
{
    return {
        {u"protocol"_s, protocol},
        {u"cipher"_s, cipher},
        {u"subject"_s, subject},
        {u"issuer"_s, issuer},
        {u"not_before"_s, isoDate(notBefore)},
        {u"expires"_s, isoDate(expires)},
        {u"name_matches"_s, nameMatches},
        {u"trusted"_s, trusted},
        {u"in_date"_s, inDate},
        {u"errors"_s, QJsonArray::fromStringList(errors)},
    };
}
