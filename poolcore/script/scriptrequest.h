#pragma once

#include "leaselistener.h"
#include "poolevent.h"
#include "protocol.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class PoolLease;
class ResponseParser;

// One protocol request on a held lease, for a script's request op: writes it, reads the
// response with the protocol's parser, and says once how it went. The lease stays held; a
// response that leaves the connection unusable marks it to close, with why, when it is released.
class ScriptRequest
    : public QObject
    , private LeaseListener
{
public:
    struct Outcome
    {
        bool ok = false;
        QString error; // "closed", "protocol_error", "error_reply", "timeout"
        QString message;
        qint64 bytes = 0;
        qint64 tookNs = 0;
    };
    using Done = std::function<void(const Outcome &)>;

    // lease must stay held until done runs.
    ScriptRequest(PoolLease &lease, const Protocol &protocol, qint64 timeoutMs, Done done,
                  QObject *parent = nullptr);
    ~ScriptRequest() override;

private:
    void leaseReadyRead() override;
    void leaseClosed() override;
    void finish(Outcome outcome, EvictionReason close);

    PoolLease &m_lease;
    std::unique_ptr<ResponseParser> m_parser;
    QByteArray m_buffer;
    QTimer m_timeout;
    qint64 m_startNs = 0;
    Done m_done;
    bool m_finished = false;
};
