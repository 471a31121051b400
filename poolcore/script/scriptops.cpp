// The ops of ScriptEngine; scriptengine.cpp has the scheduling.
#include "connectionpool.h"
#include "labcertificate.h"
#include "labhost.h"
#include "scriptengine.h"
#include "scriptrequest.h"

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 DefaultWaitMs = 10'000;
constexpr qint64 DefaultRequestTimeoutMs = 5'000;
constexpr qint64 DefaultLabDownMs = 1'000;

double nsToMs(qint64 ns)
{
    return double(ns) / 1e6;
}

// The reply's error for a failed acquire: CMAP's reasons where one fits.
QString acquireError(AcquireError error)
{
    switch (error) {
    case AcquireError::Timeout:
    case AcquireError::Exhausted:
        return u"timeout"_s;
    case AcquireError::DialFailed:
        return u"dial_failed"_s;
    case AcquireError::Cancelled:
        return u"cancelled"_s;
    case AcquireError::PoolClosed:
        return u"pool_closed"_s;
    case AcquireError::Paused:
        return u"paused"_s;
    case AcquireError::Cleared:
        return u"cleared"_s;
    case AcquireError::None:
        break;
    }
    return u"none"_s;
}

} // namespace

bool ScriptEngine::needPool(const ScriptCommand &command)
{
    if (m_pool)
        return true;
    fail(BadInput, command, u"there is no pool yet: the script starts with create"_s);
    return false;
}

void ScriptEngine::create(Actor &actor, const ScriptCommand &command)
{
    if (m_pool || m_lab) {
        fail(BadInput, command, u"the pool exists already: a script creates one pool"_s);
        return;
    }
    QStringList errors;
    PoolSettings settings = PoolSettings::fromJson(command.object(u"settings"_s), &errors);
    m_protocol = Protocol::fromJson(command.object(u"protocol"_s), &errors, m_protocol);
    if (command.json.contains(u"lab"_s)) {
        m_labSettings = LabSettings::fromJson(command.object(u"lab"_s), &errors, LabSettings());
        errors += m_labSettings.validate();
        // The requests speak what the lab speaks, unless the script says otherwise.
        if (!command.object(u"protocol"_s).contains(u"protocol"_s))
            m_protocol.kind = m_labSettings.protocol;
    }
    errors += m_protocol.validate();
    if (!errors.isEmpty()) {
        fail(BadInput, command, errors.join(u"; "_s));
        return;
    }
    if (!command.json.contains(u"lab"_s)) {
        startPool(actor, command, settings);
        return;
    }
    m_lab = std::make_unique<LabHost>(
        [this] { QMetaObject::invokeMethod(this, &ScriptEngine::takeLab, Qt::QueuedConnection); });
    const quint64 labCommand = m_nextLabCommand++;
    m_lab->start(m_labSettings, labCommand);
    awaitLab(actor, command, labCommand,
             [this, &actor, &command, settings](const QStringList &labErrors) mutable {
                 if (!labErrors.isEmpty()) {
                     fail(BadInput, command,
                          u"the lab did not start: "_s + labErrors.join(u"; "_s));
                     return;
                 }
                 // As the Session targets its lab: its address, its TLS, its certificate
                 // trusted.
                 settings.host = m_labSettings.address.toString();
                 settings.port = m_labSettings.port;
                 settings.tls = m_labSettings.tls;
                 settings.caFile = settings.tls ? LabCertificate::certificatePath() : QString();
                 startPool(actor, command, settings);
             });
}

void ScriptEngine::startPool(Actor &actor, const ScriptCommand &command, PoolSettings settings)
{
    if (const QStringList errors = settings.validate(); !errors.isEmpty()) {
        fail(BadInput, command, errors.join(u"; "_s));
        return;
    }
    m_pool = std::make_unique<ConnectionPool>(settings);
    m_pool->setId(1);
    m_pool->setAcquireStartedEvents(true);
    if (command.flag(u"paused"_s))
        m_pool->pause();
    m_pool->addObserver(this);
    reply(actor, {{u"target"_s, settings.target()}});
}

void ScriptEngine::acquire(Actor &actor, const ScriptCommand &command)
{
    const QString name = command.string(u"label"_s);
    if (const auto it = m_labels.find(name); it != m_labels.end()
        && (it->second.state == Label::State::Pending || it->second.state == Label::State::Held)) {
        fail(BadInput, command,
             u"label \"%1\" is in use: acquired at line %2 and not released"_s.arg(name).arg(
                 it->second.line));
        return;
    }
    Label &label = m_labels[name];
    label = Label();
    label.line = command.line;
    label.acquirer = &actor;
    AcquireOptions options;
    options.timeoutMs = command.integer(u"timeout_ms"_s, -1);
    options.fresh = command.flag(u"fresh"_s);
    options.purpose = name;
    m_pool->acquire(
        this, [this, name](AcquireResult result) { acquired(name, std::move(result)); }, options);
}

void ScriptEngine::acquired(const QString &name, AcquireResult result)
{
    if (m_finished)
        return;
    Label &label = m_labels[name];
    QJsonObject fields{{u"label"_s, name}, {u"wait_ms"_s, nsToMs(result.waitNs)}};
    if (result.ok()) {
        label.state = Label::State::Held;
        label.connection = result.lease.connectionId();
        fields.insert(u"conn"_s, qint64(label.connection));
        fields.insert(u"reused"_s, result.lease.isReused());
        label.lease = std::move(result.lease);
    } else {
        label.state = Label::State::Failed;
        fields.insert(u"error"_s, acquireError(result.error));
        fields.insert(u"message"_s, result.message);
    }
    reply(*label.acquirer, fields, result.ok());
    wake();
}

ScriptEngine::Label *ScriptEngine::heldLabel(Actor &actor, const ScriptCommand &command)
{
    const QString name = command.string(u"label"_s);
    const auto it = m_labels.find(name);
    if (it == m_labels.end()) {
        fail(BadInput, command,
             u"unknown label \"%1\": no acquire before this line gives it"_s.arg(name));
        return nullptr;
    }
    Label &label = it->second;
    switch (label.state) {
    case Label::State::Held:
        return &label;
    case Label::State::Pending:
        // Its acquire still waits (on another actor): this command waits for it.
        waitFor(
            actor, [&label] { return label.state != Label::State::Pending; },
            [this, &actor, &command] { execute(actor, command); });
        return nullptr;
    case Label::State::Released:
        fail(BadInput, command, u"label \"%1\" was released already (released twice?)"_s.arg(name));
        return nullptr;
    case Label::State::Failed:
        fail(BadInput, command,
             u"label \"%1\" holds no connection: its acquire at line %2 failed"_s.arg(name).arg(
                 label.line));
        return nullptr;
    }
    return nullptr;
}

void ScriptEngine::release(Actor &actor, const ScriptCommand &command)
{
    Label *label = heldLabel(actor, command);
    if (!label)
        return;
    if (command.flag(u"broken"_s))
        label->lease.markBroken();
    label->state = Label::State::Released;
    label->lease.release();
    reply(actor,
          {{u"label"_s, command.string(u"label"_s)}, {u"conn"_s, qint64(label->connection)}});
}

void ScriptEngine::request(Actor &actor, const ScriptCommand &command)
{
    Label *label = heldLabel(actor, command);
    if (!label)
        return;
    const QString name = command.string(u"label"_s);
    const qint64 connection = qint64(label->connection);
    actor.request = std::make_unique<ScriptRequest>(
        label->lease, m_protocol, command.integer(u"timeout_ms"_s, DefaultRequestTimeoutMs),
        [this, &actor, name, connection](const ScriptRequest::Outcome &outcome) {
            QJsonObject fields{{u"label"_s, name},
                               {u"conn"_s, connection},
                               {u"bytes"_s, outcome.bytes},
                               {u"ms"_s, nsToMs(outcome.tookNs)}};
            if (!outcome.ok) {
                fields.insert(u"error"_s, outcome.error);
                fields.insert(u"message"_s, outcome.message);
            }
            actor.request.release()->deleteLater();
            if (!m_finished)
                reply(actor, fields, outcome.ok);
            wake();
        });
}

void ScriptEngine::poolState(Actor &actor, const ScriptCommand &command)
{
    if (command.op == u"clear"_s)
        m_pool->clear({command.flag(u"pause"_s), command.flag(u"interrupt_in_use"_s)});
    else if (command.op == u"pause"_s)
        m_pool->pause();
    else if (command.op == u"ready"_s)
        m_pool->ready();
    else
        m_pool->shutdown();
    reply(actor, {{u"state"_s, enumName(m_pool->state())}});
}

void ScriptEngine::changeSettings(Actor &actor, const ScriptCommand &command)
{
    QStringList errors;
    const PoolSettings old = m_pool->settings();
    const PoolSettings settings = PoolSettings::fromJson(command.object(u"set"_s), &errors, old);
    if (errors.isEmpty())
        errors = m_pool->setSettings(settings);
    if (!errors.isEmpty()) {
        fail(BadInput, command, errors.join(u"; "_s));
        return;
    }
    reply(actor, {{u"changed"_s, settings.keysDiffering(old).join(u", "_s)}});
}

void ScriptEngine::lab(Actor &actor, const ScriptCommand &command)
{
    if (!m_lab) {
        fail(BadInput, command,
             u"the script started no lab: create takes \"lab\":{knobs} to start one"_s);
        return;
    }
    const quint64 labCommand = m_nextLabCommand++;
    const QString action = command.string(u"action"_s);
    if (command.json.contains(u"set"_s)) {
        QStringList errors;
        const LabSettings settings
            = LabSettings::fromJson(command.object(u"set"_s), &errors, m_labSettings);
        if (!errors.isEmpty()) {
            fail(BadInput, command, errors.join(u"; "_s));
            return;
        }
        m_lab->setSettings(settings, labCommand);
    } else if (action == u"restart"_s) {
        m_lab->restart(command.integer(u"down_ms"_s, DefaultLabDownMs), labCommand);
    } else if (action == u"reset_connections"_s) {
        m_lab->resetAll(labCommand);
    } else {
        m_lab->stop(labCommand);
    }
    awaitLab(actor, command, labCommand, [this, &actor, &command](const QStringList &errors) {
        if (!errors.isEmpty()) {
            fail(BadInput, command, errors.join(u"; "_s));
            return;
        }
        if (m_pool)
            followLab();
        reply(actor, {});
    });
}

// As a Session's pool on its lab: TLS when the lab speaks it, trusting its certificate.
void ScriptEngine::followLab()
{
    PoolSettings settings = m_pool->settings();
    settings.tls = m_labSettings.tls;
    settings.caFile = settings.tls ? LabCertificate::certificatePath() : QString();
    m_pool->setSettings(settings);
}

void ScriptEngine::awaitLab(Actor &actor, const ScriptCommand &command, quint64 labCommand,
                            std::function<void(const QStringList &errors)> then)
{
    waitFor(
        actor, [this, labCommand] { return m_labReplies.contains(labCommand); },
        [this, labCommand, then = std::move(then)] {
            const QStringList errors = m_labReplies[labCommand];
            m_labReplies.erase(labCommand);
            then(errors);
        },
        DefaultWaitMs,
        [this, &command] {
            fail(CheckFailed, command, u"the lab did not answer within %1 ms"_s.arg(DefaultWaitMs));
        });
}

void ScriptEngine::takeLab()
{
    if (!m_lab)
        return;
    const LabHost::Delivery delivery = m_lab->take();
    if (delivery.feed.settings)
        m_labSettings = *delivery.feed.settings;
    for (const SessionReply &reply : delivery.replies)
        m_labReplies[reply.command] = reply.errors;
    if (!delivery.replies.isEmpty())
        wake();
}

void ScriptEngine::waitEvent(Actor &actor, const ScriptCommand &command)
{
    const QJsonObject filter = ScriptEvents::filterOf(command.json);
    const qint64 wanted = command.integer(u"count"_s, 1);
    const qint64 timeoutMs = command.integer(u"timeout_ms"_s, DefaultWaitMs);
    waitFor(
        actor, [this, filter, wanted] { return m_events.count(filter) >= wanted; },
        [this, &actor, filter] {
            reply(actor, {{u"count"_s, qint64(m_events.count(filter))}});
        },
        timeoutMs,
        [this, &command, filter, wanted, timeoutMs] {
            fail(CheckFailed, command,
                 u"%1 of %2 events matching %3 within %4 ms; the events so far: %5"_s
                     .arg(m_events.count(filter))
                     .arg(wanted)
                     .arg(ScriptEvents::describe(filter))
                     .arg(timeoutMs)
                     .arg(m_events.kindsSoFar()));
        });
}

void ScriptEngine::expect(Actor &actor, const ScriptCommand &command)
{
    const QJsonObject filter = ScriptEvents::filterOf(command.json);
    const qint64 found = m_events.count(filter);
    const bool exact = command.json.contains(u"count"_s);
    const qint64 wanted = command.integer(u"count"_s, 1);
    if (exact ? found == wanted : found >= wanted) {
        reply(actor, {{u"count"_s, found}});
        return;
    }
    const QString message = u"expected %1%2 events matching %3, found %4; the events so far: %5"_s
                                .arg(exact ? QString() : u"at least "_s)
                                .arg(wanted)
                                .arg(ScriptEvents::describe(filter))
                                .arg(found)
                                .arg(m_events.kindsSoFar());
    reply(actor, {{u"count"_s, found}, {u"message"_s, message}}, false);
    fail(CheckFailed, command, message);
}

void ScriptEngine::join(Actor &actor, const ScriptCommand &command)
{
    const auto it = std::find_if(m_actors.begin(), m_actors.end(),
                                 [&](const Actor &a) { return a.name == command.actor; });
    if (it == m_actors.end()) {
        fail(BadInput, command,
             u"no command before this line runs on actor \"%1\""_s.arg(command.actor));
        return;
    }
    Actor &target = *it;
    const qint64 timeoutMs = command.integer(u"timeout_ms"_s, DefaultWaitMs);
    waitFor(
        actor, [&target] { return !target.current && target.queue.empty(); },
        [this, &actor] { reply(actor, {}); }, timeoutMs,
        [this, &command, &target, timeoutMs] {
            fail(CheckFailed, command,
                 u"actor \"%1\" still runs line %2 (%3) after %4 ms"_s.arg(target.name)
                     .arg(target.current ? target.current->line : 0)
                     .arg(target.current ? target.current->op : QString())
                     .arg(timeoutMs));
        });
}
