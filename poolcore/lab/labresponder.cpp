#include "labresponder.h"

#include "labechoresponder.h"
#include "labhttpresponder.h"
#include "lablineresponder.h"
#include "labmemcachedresponder.h"
#include "labredisresponder.h"

std::unique_ptr<LabResponder> LabResponder::create(ProtocolKind kind)
{
    switch (kind) {
    case ProtocolKind::Echo:
        return std::make_unique<LabEchoResponder>();
    case ProtocolKind::Line:
        return std::make_unique<LabLineResponder>();
    case ProtocolKind::Http:
        return std::make_unique<LabHttpResponder>();
    case ProtocolKind::Redis:
        return std::make_unique<LabRedisResponder>();
    case ProtocolKind::Memcached:
        return std::make_unique<LabMemcachedResponder>();
    }
    Q_UNREACHABLE();
}

LabResponder::~LabResponder() = default;

LabResponder::Status LabResponder::malformed(const QString &message)
{
    m_errorString = message;
    return Status::Malformed;
}

QByteArray LabResponder::filler(qint64 size)
{
    // One per thread: the lab thread answers every connection, so this is built once per size.
    thread_local QByteArray cached;
    if (cached.size() != size)
        cached = QByteArray(qsizetype(size), 'x');
    return cached;
}
