#pragma once

#include "exhaustionrules.h"
#include "failurerules.h"
#include "settingsrules.h"

#include <QCoreApplication>
#include <QString>

// The diagnosis in words: the sentences the banners and the Diagnosis view show for the rules'
// verdicts, with their numbers. Plain text; the widgets decide how it looks.
class DiagnosisText
{
    Q_DECLARE_TR_FUNCTIONS(DiagnosisText)
public:
    // One sentence: why requests wait, with the numbers that show it.
    static QString exhaustion(const ExhaustionRules::Verdict &verdict,
                              const ExhaustionRules::Facts &facts);
    // The same when nothing is wrong: how busy the pool is.
    static QString health(const ExhaustionRules::Verdict &verdict,
                          const ExhaustionRules::Facts &facts);
    // The sizing hint: "Little's law: 40 requests/s × 200 ms held = 8.0 connections needed…"
    static QString littlesLaw(const ExhaustionRules::Verdict &verdict,
                              const ExhaustionRules::Facts &facts);
    static QString queue(int waiting, qint64 oldestWaitNs);
    // "Set max connections to 8", for a pool too small; empty when there is no such fix.
    static QString sizingFixLabel(const ExhaustionRules::Verdict &verdict);

    static QString warningTitle(const SettingsRules::Warning &warning);
    static QString warningReason(const SettingsRules::Warning &warning);
    static QString fixLabel(const SettingsRules::Warning &warning);

    static QString failure(const FailureRules::Verdict &verdict, const FailureRules::Facts &facts);
    static QString failureDetail(const FailureRules::Verdict &verdict);
    static QString fixLabel(const FailureRules::Verdict &verdict);
    static QString errorLabel(RequestError error);

    // "12.5", "0.64", "130": enough digits to read, no more.
    static QString number(double value);
    // "800 ms", "12.7 s", "30 s", "2 min", "off" (0): exact, so a fix's label says the value
    // it applies.
    static QString settingMs(qint64 ms);
};
