#pragma once

#include "hostlookup.h"
#include "probesettings.h"
#include "probestep.h"

#include <QObject>
#include <QTimer>

// The name resolution step of a probe: a --resolve entry, an IP literal or a special-use name
// (SpecialUseName) answers at once and without a query; any other name goes to the system
// resolver afresh (HostLookup, off the calling thread), bounded by the settings' timeout.
class ProbeResolver : public QObject
{
    Q_OBJECT
public:
    explicit ProbeResolver(QObject *parent = nullptr);
    ~ProbeResolver() override;

    // Emits finished() later, from the event loop, even when the answer is known at once.
    void resolve(const ProbeSettings &settings);
    void abort();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(const ProbeStep &step);

private:
    void lookedUp(const QList<QHostAddress> &addresses, const QString &error);
    void finish(ProbeStep step);

    QString m_host;
    qint64 m_timeoutMs = 0;
    qint64 m_startNs = 0;
    HostLookup m_lookup;
    quint64 m_generation = 0; // tells an answer queued for an earlier resolve() apart
    bool m_running = false;
    QTimer m_timer;
};
