#pragma once

#include "labsettings.h"
#include "loadsettings.h"
#include "poolsettings.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

#include <optional>

class QSettings;

// Everything a session runs on: the pool's settings, the workload, the lab's knobs and whether
// the pool targets the embedded lab (then the pool's host and port are the lab's, whatever
// they say here). Saved as a JSON profile file; the window also keeps one between runs.
struct SessionProfile
{
    Q_DECLARE_TR_FUNCTIONS(SessionProfile)
public:
    PoolSettings pool;
    LoadSettings load;
    LabSettings lab;
    bool targetsLab = true;

    // What a first launch runs: the lab's default (a simulated handshake and a few ms of
    // latency) and a gentle workload through a small pool.
    static SessionProfile embeddedDefault();

    // Empty when it can start; otherwise what is refused: the pool's settings (on the lab, with
    // an address where a lab listens), the workload and the lab's knobs.
    QStringList validate() const;

    QJsonObject toJson() const;
    // Sections or keys not given keep their value in base. On any error, nullopt and *errors
    // says what is wrong, each message naming the section, the key and what is accepted.
    static std::optional<SessionProfile> fromJson(const QJsonObject &object, QStringList *errors,
                                                  const SessionProfile &base);

    // Nullopt and *error (one readable paragraph, naming the file) when the file cannot be
    // read, is not JSON or holds settings that are not accepted.
    static std::optional<SessionProfile> readFile(const QString &path, QString *error);
    // The same for what the file at path holds (path only names it in *error).
    static std::optional<SessionProfile> fromFileData(const QByteArray &data, const QString &path,
                                                      QString *error);
    bool writeFile(const QString &path, QString *error) const;

    // What the window keeps between runs: the pool, the workload and the target. The lab
    // always starts from its default, so a fault switched on for a demo is not there the next
    // morning.
    static SessionProfile restore(QSettings &settings);
    void store(QSettings &settings) const;

    // "host:port" (IPv6 in brackets) into host and port; on failure, nullopt and *error says
    // why and what is accepted.
    static std::optional<std::pair<QString, int>> parseTarget(QStringView text, QString *error);

    friend bool operator==(const SessionProfile &, const SessionProfile &) = default;
};
