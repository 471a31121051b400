#pragma once

#include <QCoreApplication>
#include <QString>

struct LabKnob;
struct PoolSettingField;

// The words around each setting and knob: a title for the panel and a tooltip that says in
// plain words what it does, what happens when it is too low and when too high, and what is
// accepted. The descriptor tables in poolcore say what a setting is; this says what it means.
class SettingHelp
{
    Q_DECLARE_TR_FUNCTIONS(SettingHelp)
public:
    static QString title(const PoolSettingField &field);
    static QString toolTip(const PoolSettingField &field);
    static QString groupTitle(int group); // PoolSettingField::Group
    static QString title(const LabKnob &knob);
    static QString toolTip(const LabKnob &knob);
};
