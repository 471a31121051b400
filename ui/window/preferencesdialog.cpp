#include "preferencesdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
    , m_serve(new QCheckBox(tr("Serve metrics for Prometheus"), this))
    , m_address(new QLineEdit(QString::fromLatin1(DefaultAddress), this))
    , m_remote(new QCheckBox(tr("Let other machines reach them"), this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Preferences"));
    setMinimumWidth(480); // the URL on one line
    m_serve->setObjectName(u"preferencesServeMetrics"_s);
    m_serve->setToolTip(tr("/metrics in the Prometheus text format: the pool's connections, "
                           "waits, dials, closes by reason and request latency, named after "
                           "OpenTelemetry's db.client.connection conventions (docs/metrics.md)"));
    m_address->setObjectName(u"preferencesMetricsAddress"_s);
    m_address->setToolTip(tr("HOST:PORT, HOST a numeric address or localhost, PORT 0 for any "
                             "free one"));
    m_remote->setObjectName(u"preferencesMetricsRemote"_s);
    m_remote->setToolTip(tr("Without it only loopback addresses are accepted: the metrics name "
                            "the backends this machine talks to, and /metrics has no "
                            "authentication"));
    m_status->setObjectName(u"preferencesMetricsStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *group = new QGroupBox(tr("Metrics"), this);
    auto *form = new QFormLayout(group);
    form->addRow(m_serve);
    form->addRow(tr("Address:"), m_address);
    form->addRow(m_remote);
    form->addRow(m_status);
    const auto enable = [this](bool on) {
        m_address->setEnabled(on);
        m_remote->setEnabled(on);
    };
    connect(m_serve, &QCheckBox::toggled, this, enable);
    enable(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Close, this);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &PreferencesDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(group);
    layout->addStretch(1);
    layout->addWidget(buttons);
    showMetricsStatus({}, {});
}

QString PreferencesDialog::savedAddress()
{
    return QSettings().value(u"metrics/listen"_s).toString();
}

bool PreferencesDialog::savedAllowRemote()
{
    return QSettings().value(u"metrics/allowRemote"_s).toBool();
}

void PreferencesDialog::showRequest(const QString &address, bool allowRemote)
{
    m_serve->setChecked(!address.isEmpty());
    if (!address.isEmpty())
        m_address->setText(address);
    m_remote->setChecked(allowRemote);
}

void PreferencesDialog::showMetricsStatus(const QString &url, const QString &error)
{
    if (!error.isEmpty())
        m_status->setText(u"<span style='color:#b02a1e'>%1</span>"_s.arg(error.toHtmlEscaped()));
    else if (!url.isEmpty())
        m_status->setText(tr("Serving <b>%1</b>").arg(url.toHtmlEscaped()));
    else
        m_status->setText(tr("Not serving metrics."));
}

void PreferencesDialog::apply()
{
    const QString address = m_serve->isChecked() ? m_address->text().trimmed() : QString();
    QSettings settings;
    settings.setValue(u"metrics/listen"_s, address);
    settings.setValue(u"metrics/allowRemote"_s, m_remote->isChecked());
    Q_EMIT metricsRequested(address, m_remote->isChecked());
}
