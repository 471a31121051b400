#include "workloadpanel.h"

#include "feedstate.h"
#include "presentation.h"
#include "session.h"
#include "settingrow.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QStyle>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// Sets key in settings from value; false when the key is not a workload setting.
void set(LoadSettings &settings, const QString &key, const QVariant &value)
{
    if (key == u"concurrency")
        settings.concurrency = value.toInt();
    else if (key == u"rate")
        settings.ratePerSecond = value.toDouble();
    else if (key == u"request_timeout_ms")
        settings.requestTimeoutMs = value.toLongLong();
    else if (key == u"http_path")
        settings.protocol.httpPath = value.toString();
    else if (key == u"line_text")
        settings.protocol.lineText = value.toString();
    else if (key == u"echo_payload_size")
        settings.protocol.echoPayloadSize = value.toInt();
}

// The validation messages name a setting as the command line does.
QString validationName(const QString &key)
{
    if (key == u"http_path")
        return u"http-path"_s;
    if (key == u"line_text")
        return u"line"_s;
    if (key == u"echo_payload_size")
        return u"payload-size"_s;
    return key;
}

} // namespace

WorkloadPanel::WorkloadPanel(Session *session, FeedState *state, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_state(state)
    , m_startStop(new QPushButton(this))
    , m_pooled(new QRadioButton(tr("Pooled: reuse connections"), this))
    , m_unpooled(new QRadioButton(tr("Unpooled: a new connection per request"), this))
    , m_protocol(new QComboBox(this))
    , m_live(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_startStop->setObjectName(u"workloadStartStop"_s);
    m_startStop->setMinimumHeight(32);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_state->isWorkloadRunning())
            m_session->stopWorkload(m_state->pool());
        else
            m_session->startWorkload(m_state->pool());
    });
    layout->addWidget(m_startStop);

    m_pooled->setObjectName(u"workloadPooled"_s);
    m_unpooled->setObjectName(u"workloadUnpooled"_s);
    m_pooled->setToolTip(tr("Requests borrow an idle connection and give it back: a handshake "
                            "only when the pool has none to spare."));
    m_unpooled->setToolTip(tr("Every request dials, uses and closes its own connection: every "
                              "request pays for a handshake. Needs max connections at least "
                              "the concurrency."));
    auto *mode = new QButtonGroup(this);
    mode->addButton(m_pooled);
    mode->addButton(m_unpooled);
    connect(m_pooled, &QRadioButton::clicked, this, [this] { apply(u"pooled"_s, true); });
    connect(m_unpooled, &QRadioButton::clicked, this, [this] { apply(u"pooled"_s, false); });
    layout->addWidget(m_pooled);
    layout->addWidget(m_unpooled);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_protocol->setObjectName(u"workloadProtocol"_s);
    m_protocol->addItems(enumNameList<ProtocolKind>());
    m_protocol->setToolTip(tr("What each request is. On the embedded lab the lab switches "
                              "with it; on a real server pick what it speaks."));
    connect(m_protocol, &QComboBox::activated, this, [this](int index) {
        if (const auto kind = enumFromName<ProtocolKind>(m_protocol->itemText(index)))
            m_session->setProtocol(m_state->pool(), *kind);
    });
    m_form->addRow(tr("Protocol"), m_protocol);
    addRow(u"concurrency"_s, tr("Concurrency"), {},
           tr("Requests in flight at once: how many callers share the pool. Above max "
              "connections, the extra callers wait for a connection."));
    addRow(u"rate"_s, tr("Rate"), tr("req/s"),
           tr("A cap on requests started per second, shared by all callers; 0 runs as fast as "
              "the server answers."))
        ->setPlaceholder(tr("0: as fast as possible"));
    addRow(u"http_path"_s, tr("Path"), {}, tr("The path each HTTP GET asks for."));
    addRow(u"line_text"_s, tr("Line"), {}, tr("The line sent (and answered) per request."));
    addRow(u"echo_payload_size"_s, tr("Payload"), tr("bytes"),
           tr("Bytes sent per request, and expected back."));
    addRow(u"request_timeout_ms"_s, tr("Request timeout"), tr("ms"),
           tr("From writing a request to the whole response; a request slower than this fails "
              "and its connection is closed."));
    layout->addLayout(m_form);

    m_live->setObjectName(u"workloadLive"_s);
    m_live->setWordWrap(true);
    m_live->setToolTip(tr("Requests per second count those that completed successfully, over "
                          "the last second; failed ones are counted apart. The same figure as "
                          "the status bar's. Stale retries: requests that failed on a reused "
                          "connection the server had closed, and were sent again on a new one."));
    m_live->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_live);
    layout->addStretch();

    connect(state, &FeedState::profileChanged, this, &WorkloadPanel::showProfile);
    connect(state, &FeedState::workloadRunningChanged, this, &WorkloadPanel::showRunning);
    connect(state, &FeedState::replied, this, [this](const SessionReply &reply) {
        if (const QString key = m_pending.take(reply.command); !key.isEmpty())
            if (SettingRow *row = m_rows.value(key))
                row->setError(reply.errors.join(u'\n'));
    });
    showProfile(state->profile());
    showRunning(state->isWorkloadRunning());
}

SettingRow *WorkloadPanel::addRow(const QString &key, const QString &title, const QString &unit,
                                  const QString &toolTip)
{
    const bool number = key != u"http_path" && key != u"line_text";
    auto *row = new SettingRow(key, number ? SettingRow::Kind::Number : SettingRow::Kind::Text,
                               unit, this);
    row->setToolTips(toolTip);
    row->setParser([this, key, number](const QString &text, QVariant *value) -> QString {
        if (number) {
            bool ok = false;
            const double v = text.trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(v))
                return tr("%1: \"%2\" is not a number").arg(key, text.trimmed());
            if (key != u"rate" && v != std::floor(v))
                return tr("%1: \"%2\" is not a whole number").arg(key, text.trimmed());
            *value = v;
        } else {
            *value = text;
        }
        LoadSettings settings = m_session->profile(m_state->pool()).load;
        set(settings, key, *value);
        const QString name = validationName(key);
        for (const QString &error : settings.validate()) {
            if (error.startsWith(name + u':'))
                return error;
        }
        return QString();
    });
    connect(row, &SettingRow::committed, this,
            [this, key](const QVariant &value) { apply(key, value); });
    auto *label = new QLabel(title, this);
    label->setToolTip(toolTip);
    label->setBuddy(row->editor());
    m_form->addRow(label, row);
    m_rows.insert(key, row);
    return row;
}

void WorkloadPanel::apply(const QString &key, const QVariant &value)
{
    LoadSettings settings = m_session->profile(m_state->pool()).load;
    if (key == u"pooled")
        settings.pooled = value.toBool();
    else
        set(settings, key, value);
    if (SettingRow *row = m_rows.value(key))
        row->setError(settings.validate().join(u'\n'));
    if (settings.validate().isEmpty())
        m_pending.insert(m_session->setWorkload(m_state->pool(), settings), key);
}

void WorkloadPanel::showProfile(const SessionProfile &profile)
{
    const LoadSettings &load = profile.load;
    m_rows.value(u"concurrency"_s)->setValue(load.concurrency);
    m_rows.value(u"rate"_s)->setValue(load.ratePerSecond);
    m_rows.value(u"request_timeout_ms"_s)->setValue(load.requestTimeoutMs);
    m_rows.value(u"http_path"_s)->setValue(load.protocol.httpPath);
    m_rows.value(u"line_text"_s)->setValue(load.protocol.lineText);
    m_rows.value(u"echo_payload_size"_s)->setValue(load.protocol.echoPayloadSize);
    m_form->setRowVisible(m_rows.value(u"http_path"_s), load.protocol.kind == ProtocolKind::Http);
    m_form->setRowVisible(m_rows.value(u"line_text"_s), load.protocol.kind == ProtocolKind::Line);
    m_form->setRowVisible(m_rows.value(u"echo_payload_size"_s),
                          load.protocol.kind == ProtocolKind::Echo);
    const QSignalBlocker blocker(m_protocol);
    m_protocol->setCurrentText(enumName(load.protocol.kind));
    m_pooled->setChecked(load.pooled);
    m_unpooled->setChecked(!load.pooled);
}

void WorkloadPanel::showRunning(bool running)
{
    m_startStop->setText(running ? tr("Stop workload") : tr("Start workload"));
    m_startStop->setIcon(
        style()->standardIcon(running ? QStyle::SP_MediaStop : QStyle::SP_MediaPlay));
    m_startStop->setToolTip(tr("Start or stop sending requests (F5). The pool stays."));
    if (!running) {
        m_rate.clear();
        m_latest.reset();
        m_live->setText(tr("Stopped."));
    }
}

void WorkloadPanel::addProgress(const LoadProgress &progress)
{
    m_rate.add(progress);
    m_latest = progress;
}

void WorkloadPanel::showLive()
{
    if (!m_latest || !m_state->isWorkloadRunning())
        return;
    const LoadProgress &progress = *m_latest;
    QString text = tr("%1 ok/s, %2 failed/s over the last second; %3 in flight")
                       .arg(m_rate.okPerSecond(), 0, 'f', 0)
                       .arg(m_rate.failedPerSecond(), 0, 'f', 0)
                       .arg(progress.inFlight);
    text += u"\n"_s
        + tr("%1 ok, %2 failed, %3 stale retries since it started")
              .arg(progress.ok)
              .arg(progress.failed)
              .arg(progress.staleRetries);
    if (progress.intervalLatency.count())
        text += u"\n"_s
            + tr("latency p50 %1, p99 %2")
                  .arg(Presentation::duration(progress.intervalLatency.percentile(50)),
                       Presentation::duration(progress.intervalLatency.percentile(99)));
    m_live->setText(text);
}
