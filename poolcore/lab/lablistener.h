#pragma once

#include <QTcpServer>

// A QTcpServer that hands over each accepted socket descriptor, so the lab decides per
// connection: refuse it with an RST, serve it in plain TCP, or start TLS on it.
class LabListener : public QTcpServer
{
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;

Q_SIGNALS:
    // Emitted synchronously; the receiver owns descriptor.
    void descriptorAccepted(qintptr descriptor);

protected:
    void incomingConnection(qintptr descriptor) override;
};
