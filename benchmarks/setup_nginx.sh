#!/bin/sh
# Serve a directory with nginx on 127.0.0.1:PORT, in the foreground, from a private config.
#
#   benchmarks/setup_nginx.sh ROOT PORT [SITE_CONF]
#
# Installs Debian's nginx if it is missing (needs root and apt), then writes nginx.conf under a
# fresh temp dir and execs nginx with `-c` / `-p` there: no global config is read or changed, no
# system service is started, and stopping this process (SIGTERM/SIGQUIT) stops the server.
# SITE_CONF, if given, is included inside `http {}` and must define the `server` (the benchmark
# generates one from a replica's MANIFEST.tsv: per-URL files, content types and statuses);
# otherwise ROOT is served as plain static files.
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 ROOT PORT [SITE_CONF]" >&2
    exit 2
fi
ROOT=$(cd "$1" && pwd)
PORT=$2
SITE_CONF=${3:-}

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "nginx not found: installing Debian's nginx-light" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >&2
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

PREFIX=$(mktemp -d "${TMPDIR:-/tmp}/newscrawler-nginx.XXXXXX")
mkdir -p "$PREFIX/tmp"
if [ -n "$SITE_CONF" ]; then
    SERVER="include $(cd "$(dirname "$SITE_CONF")" && pwd)/$(basename "$SITE_CONF");"
else
    SERVER="server { listen 127.0.0.1:$PORT; root $ROOT; location / { try_files \$uri \$uri/index.html =404; } }"
fi
# As root, workers would run as 'nobody' and could not read a private temp dir.
USER_LINE=""
if [ "$(id -u)" = 0 ]; then
    USER_LINE="user root;"
fi

cat >"$PREFIX/nginx.conf" <<CONF
$USER_LINE
daemon off;
worker_processes 1;
pid $PREFIX/nginx.pid;
error_log $PREFIX/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    include /etc/nginx/mime.types;
    map_hash_bucket_size 256;
    map_hash_max_size 4194304;
    client_body_temp_path $PREFIX/tmp;
    proxy_temp_path $PREFIX/tmp;
    fastcgi_temp_path $PREFIX/tmp;
    uwsgi_temp_path $PREFIX/tmp;
    scgi_temp_path $PREFIX/tmp;
    $SERVER
}
CONF

echo "nginx: serving $ROOT on http://127.0.0.1:$PORT/ (config $PREFIX/nginx.conf)" >&2
exec "$NGINX" -c "$PREFIX/nginx.conf" -p "$PREFIX" -e "$PREFIX/error.log"
