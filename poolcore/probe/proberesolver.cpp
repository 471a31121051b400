#include "proberesolver.h"

#include "monotonicclock.h"
#include "specialusename.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

ProbeResolver::ProbeResolver(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        ProbeStep step;
        step.failure = ProbeFailure::TimedOut;
        step.source = u"dns"_s;
        step.message = u"resolving %1 did not finish within %2 ms"_s.arg(m_host).arg(m_timeoutMs);
        finish(std::move(step));
    });
}

ProbeResolver::~ProbeResolver()
{
    abort();
}

void ProbeResolver::resolve(const ProbeSettings &settings)
{
    abort();
    ++m_generation;
    m_running = true;
    m_host = settings.host;
    m_timeoutMs = settings.timeoutMs;
    m_startNs = MonotonicClock::nowNs();

    ProbeStep known;
    known.ok = true;
    if (const auto overridden = settings.overrideAddress()) {
        known.addresses = {*overridden};
        known.source = u"resolve"_s;
    } else if (QHostAddress literal; literal.setAddress(settings.host)) {
        // Never a reverse lookup: that would be a query nobody asked for.
        known.addresses = {literal};
        known.source = u"literal"_s;
    } else if (const auto special = SpecialUseName::of(settings.host)) {
        known.source = u"special-use"_s;
        known.addresses = special->addresses;
        known.ok = !known.addresses.isEmpty();
        if (!known.ok) {
            known.failure = ProbeFailure::HostNotFound;
            known.message = special->message;
        }
    }
    if (!known.source.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this, known, generation = m_generation] {
                if (generation == m_generation)
                    finish(known);
            },
            Qt::QueuedConnection);
        return;
    }
    m_timer.start(int(std::clamp<qint64>(settings.timeoutMs, 1, std::numeric_limits<int>::max())));
    m_lookup.start(settings.host,
                   [this](const QList<QHostAddress> &addresses, const QString &error) {
                       lookedUp(addresses, error);
                   });
}

void ProbeResolver::abort()
{
    m_lookup.abort();
    m_timer.stop();
    m_running = false;
}

void ProbeResolver::lookedUp(const QList<QHostAddress> &addresses, const QString &error)
{
    ProbeStep step;
    step.source = u"dns"_s;
    step.addresses = addresses;
    if (addresses.isEmpty()) {
        step.failure = ProbeFailure::HostNotFound;
        step.message = u"%1: %2"_s.arg(m_host, error);
    } else {
        step.ok = true;
    }
    finish(std::move(step));
}

void ProbeResolver::finish(ProbeStep step)
{
    if (!m_running)
        return;
    step.kind = ProbeStep::Kind::Resolve;
    step.durationNs = MonotonicClock::nowNs() - m_startNs;
    abort();
    Q_EMIT finished(step);
}
