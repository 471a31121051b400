#pragma once

#include "acquireresult.h"
#include "loadsettings.h"
#include "poollease.h"
#include "requestrecord.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class ConnectionPool;
class QTcpSocket;
class ResponseParser;

// One of the load driver's concurrency slots: runs one request at a time through the pool,
// from the acquire to the parsed response, and reports it. Internal to the load driver; lives
// on the pool's thread.
class LoadWorker : public QObject
{
public:
    // counted: false for a request abandoned because the driver stopped before it began.
    // synchronous: it ended before begin() returned (an acquire that failed at once).
    using Completion
        = std::function<void(LoadWorker *, const RequestRecord &, bool counted, bool synchronous)>;

    LoadWorker(ConnectionPool *pool, Completion completion, QObject *parent = nullptr);
    ~LoadWorker() override;

    void begin(const LoadSettings &settings);
    bool isBusy() const { return m_busy; }
    // Gives up a request still waiting for a connection (the driver is stopping).
    void cancelWait();

private:
    void acquire(bool fresh);
    void onAcquired(AcquireResult result);
    void onReadyRead();
    void onSocketFailed();
    void onTimeout();
    void finish(RequestError error, const QString &message,
                EvictionReason closeReason = EvictionReason::None, bool counted = true);
    void detachSocket();

    ConnectionPool *m_pool;
    Completion m_completion;
    LoadSettings m_settings;
    bool m_busy = false;
    bool m_inBegin = false;
    bool m_retried = false;
    bool m_responseStarted = false;
    quint64 m_waiterId = 0;
    PoolLease m_lease;
    QTcpSocket *m_socket = nullptr;
    std::unique_ptr<ResponseParser> m_parser;
    QByteArray m_buffer;
    RequestRecord m_record;
    qint64 m_writtenNs = 0;
    QTimer m_timeout{this};
};
