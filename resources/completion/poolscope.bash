# bash completion for poolscope: the commands, each command's options, and the values of the
# options that take one of a few words or a file. It needs nothing from the bash-completion
# package. tests/install checks that it offers exactly the options each command's --help
# prints, so add an option here when you add it to a command.

_poolscope()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=''
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # "--name=VALUE": bash splits it at the '=' (COMP_WORDBREAKS), into --name, = and VALUE.
    if [[ $cur == = ]]; then
        cur=''
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()
    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W 'run lab probe export compare observe script open help
            --help --version --metrics-listen --metrics-allow-remote' -- "$cur")
        return
    fi

    # Per command: the options that take a value, and the switches.
    local valued switches
    case ${COMP_WORDS[1]} in
    run)
        valued='--target --protocol --requests --duration --concurrency --rate
            --request-timeout --max-connections --min-idle --acquire-timeout --connect-timeout
            --idle-timeout --max-lifetime --resolve --settings --report --output --events --record
            --targets --metrics-listen --metrics-linger'
        switches='--no-pool --compare --lab --no-stale-retry --tls --insecure --metrics-allow-remote
            --help'
        ;;
    lab)
        valued='--listen --protocol --latency --jitter --response-size --setup-delay
            --idle-close --silent-drop --max-clients --error-rate --metrics-listen --metrics-linger'
        switches='--tls --blackhole --pause-accepting --metrics-allow-remote --help'
        ;;
    probe)
        valued='--target --protocol --count --interval --timeout --ca-file --resolve
            --max-idle'
        switches='--tls --insecure --json --idle-cutoff --help'
        ;;
    observe)
        valued='--pid --target --duration --interval --idle-cutoff --report --metrics-listen
            --metrics-linger'
        switches='--metrics-allow-remote --help'
        ;;
    export)
        valued='--trace'
        switches='--help'
        ;;
    compare)
        valued='--report'
        switches='--help'
        ;;
    open)
        valued='--at'
        switches='--help'
        ;;
    script)
        valued='--metrics-listen --metrics-linger'
        switches='--metrics-allow-remote --help'
        ;;
    *)
        return
        ;;
    esac

    case $prev in
    --protocol)
        mapfile -t COMPREPLY < <(compgen -W 'echo line http redis memcached' -- "$cur")
        return
        ;;
    --report)
        mapfile -t COMPREPLY < <(compgen -W 'text json' -- "$cur")
        return
        ;;
    --settings | --output | --events | --record | --trace | --ca-file)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
        ;;
    esac
    # After any other option that takes a value, the value is the user's: offer nothing.
    local option
    for option in $valued; do
        [[ $prev == "$option" ]] && return
    done
    # The recordings export, compare and open take, and script's script, as arguments that
    # are not options.
    if [[ ${COMP_WORDS[1]} =~ ^(export|compare|open|script)$ ]] && [[ $cur != -* ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
    fi
    mapfile -t COMPREPLY < <(compgen -W "$valued $switches" -- "$cur")
}

complete -F _poolscope poolscope
