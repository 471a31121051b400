#pragma once

#include "acquireresult.h"
#include "leaselistener.h"
#include "loadsettings.h"
#include "poollease.h"
#include "requestrecord.h"

#include <QByteArray>
#include <QObject>

#include <functional>
#include <memory>

class ConnectionPool;
class QTcpSocket;
class ResponseParser;

// One of the load driver's concurrency slots: runs one request at a time through the pool,
// from the acquire to the parsed response, and reports it. Internal to the load driver; lives
// on the pool's thread.
class LoadWorker
    : public QObject
    , public LeaseListener
{
public:
    // counted: false for a request abandoned because the driver stopped before it began. A
    // request never completes inside begin(): the pool answers acquires from the event loop.
    using Completion = std::function<void(LoadWorker *, const RequestRecord &, bool counted)>;

    // index: this worker's slot; slots past a lowered concurrency are not started again.
    LoadWorker(int index, ConnectionPool *pool, Completion completion);
    ~LoadWorker() override;

    // settings, request (its bytes) and purpose (what its leases say they are for) must
    // outlive the request; the driver owns them. number: the request's, since the start.
    void begin(const LoadSettings *settings, const QByteArray *request, const QString *purpose,
               quint64 number);
    bool isBusy() const { return m_busy; }
    int index() const { return m_index; }
    // Gives up a request still waiting for a connection (the driver is stopping).
    void cancelWait();
    // Fails the request if it has waited for its response past the request timeout. The
    // driver calls this from one timer for all workers: a timer per request costs too much.
    void checkTimeout(qint64 nowNs);

private:
    void acquire(bool fresh);
    void onAcquired(AcquireResult result);
    void send(PoolLease lease, const DialTiming &dial);
    void leaseReadyRead() override;
    void leaseClosed() override;
    void finish(RequestError error, const QString &message,
                EvictionReason closeReason = EvictionReason::None, bool counted = true);

    int m_index;
    ConnectionPool *m_pool;
    Completion m_completion;
    const LoadSettings *m_settings = nullptr;
    const QByteArray *m_request = nullptr;
    const QString *m_purpose = nullptr;
    quint64 m_number = 0;
    bool m_busy = false;
    bool m_retried = false;
    bool m_responseStarted = false;
    bool m_flushing = false; // in begin(), handing the request to the kernel
    quint64 m_waiterId = 0;
    PoolLease m_lease;
    QTcpSocket *m_socket = nullptr;
    std::unique_ptr<ResponseParser> m_parser;
    QByteArray m_buffer;
    RequestRecord m_record;
    qint64 m_acquiringSinceNs = 0; // when the wait for the current connection began
    qint64 m_writtenNs = 0; // 0: not sent on the current connection
    qint64 m_firstByteNs = 0; // 0: no response byte yet
    qint64 m_deadlineNs = 0; // 0: not waiting for a response
};
