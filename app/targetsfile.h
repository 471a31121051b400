#pragma once

#include "loadsettings.h"
#include "poolsettings.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// poolscope run --targets FILE.json: a JSON array of targets, each an object with its "name",
// "lab": true for the embedded lab, any pool setting by its settings-file key ("host", "port",
// "tls", "max_connections", ...) and any workload key ("protocol", "concurrency", "rate",
// "requests", "duration_s", "pooled", ...) where it differs from the command line.
struct TargetsFile
{
    struct Target
    {
        QString name;
        bool lab = false;
        PoolSettings pool;
        LoadSettings load;
    };

    // What the command line says, for every target to start from.
    struct Base
    {
        PoolSettings pool;
        LoadSettings load;
        bool protocolGiven = false; // a target not on the lab needs one, here or its own
    };

    // Nullopt and *error ("FILE: target 2 (\"cache\"): key: what was wrong; accepted: ...")
    // for anything it cannot run.
    static std::optional<QList<Target>> read(const QString &path, const Base &base, QString *error);
    static std::optional<QList<Target>> parse(const QByteArray &data, const QString &name,
                                              const Base &base, QString *error);
};
