#include "poolsettingspanel.h"

#include "feedstate.h"
#include "openfilelimit.h"
#include "poolsettingfield.h"
#include "session.h"
#include "settinghelp.h"
#include "settingrow.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

SettingRow::Kind rowKind(PoolSettingField::Kind kind)
{
    switch (kind) {
    case PoolSettingField::Kind::Integer:
    case PoolSettingField::Kind::Fraction:
        return SettingRow::Kind::Number;
    case PoolSettingField::Kind::Switch:
        return SettingRow::Kind::Switch;
    case PoolSettingField::Kind::Choice:
        return SettingRow::Kind::Choice;
    case PoolSettingField::Kind::Text:
    case PoolSettingField::Kind::List:
        return SettingRow::Kind::Text;
    }
    return SettingRow::Kind::Text;
}

bool inTargetBar(const PoolSettingField &field)
{
    return field.key == u"host" || field.key == u"port" || field.key == u"tls";
}

} // namespace

PoolSettingsPanel::PoolSettingsPanel(Session *session, FeedState *state, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_state(state)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *intro = new QLabel(tr("Changes apply to the running pool when you press Enter or "
                                "leave the field. Hover a setting for what it does."),
                             this);
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(intro);

    const QList<PoolSettingField::Group> groups{
        PoolSettingField::Group::Size,     PoolSettingField::Group::Timeouts,
        PoolSettingField::Group::Lifetime, PoolSettingField::Group::Health,
        PoolSettingField::Group::Network,  PoolSettingField::Group::Target,
    };
    QList<QLabel *> labels;
    for (const PoolSettingField::Group group : groups) {
        auto *box = new QGroupBox(SettingHelp::groupTitle(int(group)), this);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
        form->setVerticalSpacing(4);
        for (const PoolSettingField &field : PoolSettingField::all()) {
            if (field.group != group || inTargetBar(field))
                continue;
            auto *row = new SettingRow(field.key, rowKind(field.kind), field.unit, box);
            row->setChoices(field.choices);
            const PoolSettingField *descriptor = &field;
            row->setParser(descriptor);
            row->setToolTips(SettingHelp::toolTip(field));
            if (!field.zeroMeans.isEmpty())
                row->setPlaceholder(tr("0: %1").arg(field.zeroMeans));
            connect(row, &SettingRow::committed, this,
                    [this, descriptor](const QVariant &value) { apply(*descriptor, value); });
            auto *label = new QLabel(SettingHelp::title(field), box);
            label->setToolTip(SettingHelp::toolTip(field));
            label->setBuddy(row->editor());
            form->addRow(label, row);
            labels << label;
            m_rows.insert(field.key, row);
        }
        layout->addWidget(box);
    }
    // One label width for every group, so the fields line up from group to group.
    int labelWidth = 0;
    for (const QLabel *label : std::as_const(labels))
        labelWidth = std::max(labelWidth, label->sizeHint().width());
    for (QLabel *label : std::as_const(labels))
        label->setMinimumWidth(labelWidth);

    auto *defaults = new QPushButton(tr("Restore defaults"), this);
    defaults->setToolTip(tr("The embedded defaults for every setting here; the target stays."));
    defaults->setObjectName(u"restoreDefaults"_s);
    connect(defaults, &QPushButton::clicked, this, &PoolSettingsPanel::restoreDefaults);
    layout->addWidget(defaults, 0, Qt::AlignLeft);
    layout->addStretch();

    connect(state, &FeedState::profileChanged, this, &PoolSettingsPanel::showProfile);
    connect(state, &FeedState::replied, this, [this](const SessionReply &reply) {
        for (const QString &key : m_pending.take(reply.command))
            showErrors(key, reply.errors);
    });
    showProfile(state->profile());
}

void PoolSettingsPanel::restoreDefaults()
{
    PoolSettings settings = SessionProfile::embeddedDefault().pool;
    const PoolSettings current = m_session->profile(m_state->pool()).pool;
    for (const PoolSettingField &field : PoolSettingField::all()) {
        if (field.group == PoolSettingField::Group::Target)
            field.set(settings, field.get(current));
    }
    for (SettingRow *row : std::as_const(m_rows))
        row->setError({});
    m_session->setPoolSettings(m_state->pool(), settings);
}

void PoolSettingsPanel::apply(const PoolSettingField &field, const QVariant &value)
{
    PoolSettings settings = m_session->profile(m_state->pool()).pool;
    field.set(settings, value);
    // What the pool would refuse shows now; a refusal for another reason when its reply comes.
    if (const QStringList errors = settings.validate(); !errors.isEmpty()) {
        showErrors(field.key, errors);
        return;
    }
    QStringList keys = takeRefused(field.key, &settings);
    keys.prepend(field.key);
    for (const QString &key : std::as_const(keys))
        m_rows.value(key)->setError({});
    if (SettingRow *row = m_rows.value(u"max_connections"_s); keys.contains(row->key()))
        row->setWarning(
            openFileLimitWarning(openFileLimit(), settings.maxConnections, m_state->targetsLab()));
    m_pending.insert(m_session->setPoolSettings(m_state->pool(), settings), keys);
}

QStringList PoolSettingsPanel::takeRefused(const QString &committedKey, PoolSettings *settings)
{
    const PoolSettings current = m_session->profile(m_state->pool()).pool;
    QStringList taken;
    for (const PoolSettingField &field : PoolSettingField::all()) {
        SettingRow *row = m_rows.value(field.key);
        const std::optional<QVariant> value = row ? row->refusedValue() : std::nullopt;
        if (!value || field.key == committedKey)
            continue;
        PoolSettings before = current;
        field.set(before, *value);
        // Refused by the session for another reason (no validation error): left to its reply.
        if (before.validate().isEmpty())
            continue;
        PoolSettings with = *settings;
        field.set(with, *value);
        if (const QStringList errors = with.validate(); !errors.isEmpty()) {
            showErrors(field.key, errors);
            continue;
        }
        *settings = with;
        taken << field.key;
    }
    return taken;
}

void PoolSettingsPanel::showErrors(const QString &key, const QStringList &errors)
{
    QStringList mine;
    for (const QString &error : errors) {
        if (error.startsWith(key + u':'))
            mine << error;
    }
    m_rows.value(key)->setError((mine.isEmpty() ? errors : mine).join(u'\n'));
}

void PoolSettingsPanel::showProfile(const SessionProfile &profile)
{
    for (const PoolSettingField &field : PoolSettingField::all()) {
        if (SettingRow *row = m_rows.value(field.key))
            row->setValue(field.get(profile.pool));
    }
}
