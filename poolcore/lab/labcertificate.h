#pragma once

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

// The lab's TLS identity: a self-signed certificate for localhost, 127.0.0.1 and ::1, valid
// until 2126, embedded from resources/lab/. The same PEM file ships in the source tree
// (resources/lab/cert.pem) for clients that trust it explicitly (curl --cacert, a pool's CA
// file). The key is public: the certificate proves nothing outside the lab.
class LabCertificate
{
public:
    // The certificate as a path a pool's ca_file can take (a Qt resource path).
    static QString certificatePath();
    static QSslCertificate certificate();
    static QSslKey privateKey();
    // A server configuration with the certificate and key; null when the resources are missing.
    static QSslConfiguration serverConfiguration();
    // A client configuration that trusts the lab certificate (and nothing else).
    static QSslConfiguration clientConfiguration();
};
