#include "targetbar.h"

#include "feedstate.h"
#include "session.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>

using namespace Qt::StringLiterals;

TargetBar::TargetBar(Session *session, FeedState *state, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_state(state)
    , m_target(new QLineEdit(this))
    , m_lab(new QToolButton(this))
    , m_protocol(new QComboBox(this))
    , m_tls(new QCheckBox(tr("TLS"), this))
    , m_badge(new QLabel(this))
    , m_errorLabel(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    auto *label = new QLabel(tr("&Target"), this);
    label->setBuddy(m_target);
    layout->addWidget(label);

    m_target->setObjectName(u"targetEdit"_s);
    m_target->setPlaceholderText(tr("host:port"));
    m_target->setMinimumWidth(170);
    m_target->setMaximumWidth(260);
    m_target->setToolTip(tr("The server the pool connects to, as host:port (IPv6 in "
                            "brackets). Type a real one, e.g. 127.0.0.1:6379 for a local "
                            "redis, and press Enter."));
    connect(m_target, &QLineEdit::returnPressed, this, &TargetBar::commit);
    connect(m_target, &QLineEdit::textEdited, this, [this] { setError({}); });
    layout->addWidget(m_target);

    m_badge->setObjectName(u"targetBadge"_s);
    layout->addWidget(m_badge);

    m_lab->setObjectName(u"targetLab"_s);
    m_lab->setText(tr("Embedded lab"));
    m_lab->setToolTip(tr("Point the pool back at the embedded lab backend."));
    connect(m_lab, &QToolButton::clicked, this, [this] {
        setError({});
        // The click is the answer to whatever the field held, typed or not.
        m_showNextTarget = true;
        send(m_session->targetLab(m_state->pool(), m_tls->isChecked()));
    });
    layout->addWidget(m_lab);

    m_protocol->setObjectName(u"targetProtocol"_s);
    m_protocol->addItems(enumNameList<ProtocolKind>());
    m_protocol->setToolTip(tr("The protocol the workload speaks: http (GET), redis (PING), "
                              "memcached (version), line or echo. On the embedded lab the lab "
                              "switches too."));
    connect(m_protocol, &QComboBox::activated, this, [this](int index) {
        if (const auto kind = enumFromName<ProtocolKind>(m_protocol->itemText(index)))
            send(m_session->setProtocol(m_state->pool(), *kind));
    });
    layout->addWidget(m_protocol);

    m_tls->setObjectName(u"targetTls"_s);
    m_tls->setToolTip(tr("Connect with TLS. On the embedded lab this is a real TLS handshake "
                         "with the lab's certificate, which the pool trusts."));
    connect(m_tls, &QCheckBox::clicked, this, [this](bool on) {
        setError({});
        const SessionProfile profile = m_session->profile(m_state->pool());
        send(profile.targetsLab
                 ? m_session->targetLab(m_state->pool(), on)
                 : m_session->setTarget(m_state->pool(), profile.pool.host, profile.pool.port, on));
    });
    layout->addWidget(m_tls);

    m_errorLabel->setObjectName(u"targetError"_s);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xB0, 0x2A, 0x1E));
    m_errorLabel->setPalette(errorPalette);
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);
    layout->addStretch(1);

    connect(state, &FeedState::profileChanged, this, &TargetBar::showProfile);
    connect(state, &FeedState::labListeningChanged, this, &TargetBar::showBadge);
    connect(state, &FeedState::replied, this, [this](const SessionReply &reply) {
        if (reply.command != m_command)
            return;
        m_showNextTarget = false;
        if (!reply.ok())
            setError(reply.errors.join(u"; "_s));
    });
    showProfile(state->profile());
}

void TargetBar::send(quint64 command)
{
    m_command = command;
}

void TargetBar::commit()
{
    QString error;
    const auto target = SessionProfile::parseTarget(m_target->text(), &error);
    if (!target) {
        setError(error);
        return;
    }
    const LabSettings &lab = m_state->profile().lab;
    const bool isLab = m_state->isLabListening() && target->second == lab.port
        && (target->first == lab.address.toString() || target->first == u"localhost");
    if (isLab) {
        send(m_session->targetLab(m_state->pool(), m_tls->isChecked()));
        return;
    }
    // What the session would refuse shows now, at the field.
    PoolSettings settings = m_session->profile(m_state->pool()).pool;
    settings.host = target->first;
    settings.port = target->second;
    settings.tls = m_tls->isChecked();
    if (const QStringList errors = settings.validate(); !errors.isEmpty()) {
        setError(errors.join(u"; "_s));
        return;
    }
    setError({});
    send(m_session->setTarget(m_state->pool(), target->first, target->second, m_tls->isChecked()));
}

void TargetBar::setError(const QString &message)
{
    m_error = message;
    // The message is at the field; the whole of it also in the tooltip, for a long one.
    m_errorLabel->setText(m_errorLabel->fontMetrics().elidedText(message, Qt::ElideRight, 420));
    m_errorLabel->setToolTip(message);
    m_errorLabel->setVisible(!message.isEmpty());
    m_target->setStyleSheet(
        message.isEmpty() ? QString() : u"border: 1px solid #c0392b; background: #fdecea;"_s);
}

void TargetBar::showBadge()
{
    if (!m_state->profile().targetsLab) {
        m_badge->setText(tr("<span style='color:#1565c0'>● real server</span>"));
        m_badge->setToolTip(tr("A server outside PoolScope: everything you see is real."));
    } else if (!m_state->isLabListening()) {
        m_badge->setText(tr("<span style='color:#b02a1e'>● lab down</span>"));
        m_badge->setToolTip(tr("The embedded lab is not accepting connections: it is "
                               "restarting."));
    } else {
        m_badge->setText(tr("<span style='color:#2e7d32'>● lab</span>"));
        m_badge->setToolTip(tr("The embedded lab: a simulated handshake and latency on loopback."));
    }
}

void TargetBar::showProfile(const SessionProfile &profile)
{
    if (m_showNextTarget || (!m_target->hasFocus() && m_error.isEmpty()))
        m_target->setText(profile.pool.target());
    // The lab button's answer is shown once, as soon as the profile has it: what is typed after
    // that is the user's again, even before the pool's reply comes (a later profile change, of
    // another setting, must not take it back).
    if (profile.targetsLab)
        m_showNextTarget = false;
    showBadge();
    m_lab->setEnabled(!profile.targetsLab);
    const QSignalBlocker b1(m_protocol);
    const QSignalBlocker b2(m_tls);
    m_protocol->setCurrentText(enumName(profile.load.protocol.kind));
    m_tls->setChecked(profile.pool.tls);
}
