#include "labpanel.h"

#include "feedstate.h"
#include "labknob.h"
#include "session.h"
#include "settinghelp.h"
#include "settingrow.h"

#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// What the idle-close button sets: short enough that pooled connections go stale while a
// class watches, long enough that busy ones survive.
constexpr qint64 IdleCloseButtonMs = 1'000;

SettingRow::Kind rowKind(LabKnob::Kind kind)
{
    switch (kind) {
    case LabKnob::Kind::Integer:
    case LabKnob::Kind::Fraction:
        return SettingRow::Kind::Number;
    case LabKnob::Kind::Switch:
        return SettingRow::Kind::Switch;
    case LabKnob::Kind::Choice:
        return SettingRow::Kind::Choice;
    case LabKnob::Kind::Text: // no knob is text
    case LabKnob::Kind::List:
        return SettingRow::Kind::Text;
    }
    return SettingRow::Kind::Number;
}

QPushButton *faultButton(const QString &name, const QString &text, const QString &toolTip,
                         bool checkable, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setToolTip(toolTip);
    button->setCheckable(checkable);
    if (checkable) {
        // A fault that is on must read as on from the back of a classroom, not as a button
        // a shade darker.
        button->setStyleSheet(u"QPushButton:checked { background: #fdecea; color: #8b1a10; "
                              "border: 2px solid #c0392b; border-radius: 3px; padding: 3px; "
                              "font-weight: bold; }"_s);
        QObject::connect(button, &QPushButton::toggled, button, [button, text](bool on) {
            button->setText(on ? QPushButton::tr("%1: on").arg(text) : text);
        });
    }
    return button;
}

} // namespace

LabPanel::LabPanel(Session *session, FeedState *state, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_state(state)
    , m_status(new QLabel(this))
    , m_counters(new QLabel(this))
    , m_downMs(new QSpinBox(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_status->setWordWrap(true);
    m_status->setObjectName(u"labStatus"_s);
    layout->addWidget(m_status);
    layout->addWidget(createFaults());
    layout->addWidget(createKnobs());
    layout->addWidget(createCounters());
    layout->addStretch();

    connect(state, &FeedState::profileChanged, this, &LabPanel::showProfile);
    connect(state, &FeedState::labListeningChanged, this,
            [this] { showProfile(m_state->profile()); });
    connect(state, &FeedState::labCountersChanged, this, &LabPanel::showCounters);
    connect(state, &FeedState::replied, this, [this](const SessionReply &reply) {
        if (const QString key = m_pending.take(reply.command); !key.isEmpty())
            m_rows.value(key)->setError(reply.errors.join(u'\n'));
    });
    showProfile(state->profile());
    showCounters(state->labCounters());
}

QGroupBox *LabPanel::createFaults()
{
    auto *faults = new QGroupBox(tr("One click"), this);
    auto *grid = new QGridLayout(faults);
    m_restart = faultButton(u"labRestart"_s, tr("Restart backend"),
                            tr("Drop every connection and stop listening, then listen again "
                               "after the down time: like a deploy. Idle pooled connections "
                               "die (peer closed); requests in flight fail."),
                            false, faults);
    connect(m_restart, &QPushButton::clicked, this,
            [this] { m_session->restartLab(m_downMs->value()); });
    m_downMs->setObjectName(u"labDownMs"_s);
    m_downMs->setRange(0, 60'000);
    m_downMs->setSingleStep(100);
    m_downMs->setValue(500);
    m_downMs->setSuffix(tr(" ms down"));
    m_downMs->setToolTip(tr("How long the restarted backend refuses connections."));
    auto *reset = faultButton(u"labResetAll"_s, tr("Reset all connections"),
                              tr("Send an RST on every open connection: what a crashed "
                                 "server or a load balancer failover does."),
                              false, faults);
    connect(reset, &QPushButton::clicked, this, [this] { m_session->resetLabConnections(); });
    m_blackhole = faultButton(u"labBlackhole"_s, tr("Blackhole"),
                              tr("The backend accepts and reads but never answers: requests "
                                 "time out, connections stay busy."),
                              true, faults);
    connect(m_blackhole, &QPushButton::clicked, this,
            [this](bool on) { setSwitch(u"blackhole"_s, on); });
    m_pauseAccepting = faultButton(u"labPauseAccepting"_s, tr("Pause accepting"),
                                   tr("The backend stops accepting: new dials time out, "
                                      "pooled connections keep working."),
                                   true, faults);
    connect(m_pauseAccepting, &QPushButton::clicked, this,
            [this](bool on) { setSwitch(u"pause-accepting"_s, on); });
    m_idleClose
        = faultButton(u"labIdleClose"_s, tr("Idle-close after %1 s").arg(IdleCloseButtonMs / 1000),
                      tr("The backend closes connections idle for %1 ms: pooled "
                         "connections go stale between requests, and the pool must "
                         "notice before reusing one.")
                          .arg(IdleCloseButtonMs),
                      true, faults);
    connect(m_idleClose, &QPushButton::clicked, this, [this](bool on) {
        setSwitch(u"idle-close"_s, on ? QVariant(IdleCloseButtonMs) : QVariant(qint64(0)));
    });
    grid->addWidget(m_restart, 0, 0);
    grid->addWidget(m_downMs, 0, 1);
    grid->addWidget(reset, 1, 0, 1, 2);
    grid->addWidget(m_blackhole, 2, 0);
    grid->addWidget(m_pauseAccepting, 2, 1);
    grid->addWidget(m_idleClose, 3, 0, 1, 2);
    return faults;
}

QGroupBox *LabPanel::createKnobs()
{
    auto *knobs = new QGroupBox(tr("Knobs"), this);
    auto *form = new QFormLayout(knobs);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setVerticalSpacing(4);
    for (const LabKnob &knob : LabKnob::all()) {
        auto *row = new SettingRow(u"lab_"_s + knob.key, rowKind(knob.kind), knob.unit, knobs);
        row->setChoices(knob.choices);
        const LabKnob *descriptor = &knob;
        row->setParser(descriptor);
        row->setToolTips(SettingHelp::toolTip(knob));
        if (!knob.zeroMeans.isEmpty())
            row->setPlaceholder(tr("0: %1").arg(knob.zeroMeans));
        connect(row, &SettingRow::committed, this,
                [this, descriptor](const QVariant &value) { apply(*descriptor, value); });
        auto *label = new QLabel(SettingHelp::title(knob), knobs);
        label->setToolTip(SettingHelp::toolTip(knob));
        label->setBuddy(row->editor());
        form->addRow(label, row);
        m_rows.insert(knob.key, row);
    }
    return knobs;
}

QGroupBox *LabPanel::createCounters()
{
    auto *counters = new QGroupBox(tr("What the backend saw"), this);
    auto *countersLayout = new QVBoxLayout(counters);
    m_counters->setObjectName(u"labCounters"_s);
    m_counters->setWordWrap(true);
    m_counters->setTextInteractionFlags(Qt::TextSelectableByMouse);
    countersLayout->addWidget(m_counters);
    return counters;
}

void LabPanel::apply(const LabKnob &knob, const QVariant &value)
{
    quint64 command = 0;
    if (knob.key == u"protocol" && m_state->targetsLab()) {
        // The workload must speak what the lab speaks.
        if (const auto kind = enumFromName<ProtocolKind>(value.toString()))
            command = m_session->setProtocol(m_state->pool(), *kind);
    } else {
        LabSettings settings = m_session->labSettings();
        knob.set(settings, value);
        if (const QStringList errors = settings.validate(); !errors.isEmpty()) {
            m_rows.value(knob.key)->setError(errors.join(u'\n'));
            return;
        }
        command = m_session->setLabSettings(settings);
    }
    m_rows.value(knob.key)->setError({});
    m_pending.insert(command, knob.key);
}

void LabPanel::setSwitch(const QString &key, const QVariant &value)
{
    apply(*LabKnob::find(key), value);
}

void LabPanel::showProfile(const SessionProfile &profile)
{
    for (const LabKnob &knob : LabKnob::all())
        m_rows.value(knob.key)->setValue(knob.get(profile.lab));
    const QSignalBlocker b1(m_blackhole);
    const QSignalBlocker b2(m_pauseAccepting);
    const QSignalBlocker b3(m_idleClose);
    m_blackhole->setChecked(profile.lab.blackhole);
    m_pauseAccepting->setChecked(profile.lab.pauseAccepting);
    m_idleClose->setChecked(profile.lab.idleCloseMs > 0);

    const QString endpoint = m_state->labEndpoint();
    QString status = m_state->isLabListening()
        ? tr("<b>Embedded lab</b> listening on %1, speaking %2%3.")
              .arg(endpoint, enumName(profile.lab.protocol),
                   profile.lab.tls ? tr(" over TLS") : QString())
        : tr("<b>Embedded lab</b> on %1 is <b>not listening</b> (restarting or paused).")
              .arg(endpoint);
    status += u" "_s
        + (profile.targetsLab ? tr("The pool targets it.")
                              : tr("The pool targets %1, not the lab: its knobs change nothing "
                                   "there.")
                                    .arg(profile.pool.target().toHtmlEscaped()));
    m_status->setText(status);
}

void LabPanel::showCounters(const LabCounters &c)
{
    if (!isVisible())
        return;
    QString text = tr("%1 connections accepted, %2 open; %3 requests answered, %4 error "
                      "replies.")
                       .arg(c.accepted)
                       .arg(c.open)
                       .arg(c.requests)
                       .arg(c.errorReplies);
    QStringList closed;
    for (int i = 0; i < LabCounters::ReasonCount; ++i) {
        const auto reason = LabCloseReason(i);
        if (c.closedFor(reason))
            closed << u"%1 %2"_s.arg(c.closedFor(reason)).arg(enumName(reason));
    }
    if (!closed.isEmpty())
        text += u"\n"_s + tr("Closed: %1.").arg(closed.join(u", "_s));
    m_counters->setText(text);
}
