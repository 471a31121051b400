#pragma once

#include "labsettings.h"
#include "settingfield.h"

#include <QList>
#include <QString>

// A description of one lab knob: its key (also the command-line option, with "--"), kind,
// unit, accepted range and what it simulates, and how to read and write it generically
// (SettingField). Validation, the command line, a settings panel and the knob table in the
// notes are built from this one list. The listen address is not a knob: it says where, not how.
struct LabKnob : SettingField<LabSettings>
{
    QString simulates; // one line: what it stands for in the real world

    static const QList<LabKnob> &all();
    static const LabKnob *find(QStringView key);
};
