#include "labcertificate.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace {

QByteArray resource(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

QString LabCertificate::certificatePath()
{
    return u":/lab/cert.pem"_s;
}

QSslCertificate LabCertificate::certificate()
{
    return QSslCertificate(resource(certificatePath()), QSsl::Pem);
}

QSslKey LabCertificate::privateKey()
{
    return QSslKey(resource(u":/lab/key.pem"_s), QSsl::Ec, QSsl::Pem);
}

QSslConfiguration LabCertificate::serverConfiguration()
{
    const QSslCertificate cert = certificate();
    const QSslKey key = privateKey();
    if (cert.isNull() || key.isNull())
        return {};
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(cert);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

QSslConfiguration LabCertificate::clientConfiguration()
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates({certificate()});
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}
