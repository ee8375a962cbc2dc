#!/usr/bin/env bash
# A real WordPress on 127.0.0.1 for the push tests (and for a developer to try `push` against):
# Debian's wordpress, MariaDB and PHP's built-in server, installed from scratch by WordPress's
# own PHP functions, with a test user and an Application Password made the same way.
#
# Idempotent: packages are installed only where missing, MariaDB and the PHP server started
# only when they are not answering, WordPress installed only once; each run makes a fresh
# Application Password and writes the site's URL, user and password to $REVIEWCTL_WP_ENV
# (default /tmp/reviewctl-wordpress.env), which the tests read.
#
#   bash .ci/wordpress.sh          # set up (or check) and start
#   bash .ci/wordpress.sh stop     # stop the PHP server (MariaDB keeps running)
set -euo pipefail

PORT="${REVIEWCTL_WP_PORT:-8089}"
HOST=127.0.0.1
URL="http://$HOST:$PORT"
ENV_FILE="${REVIEWCTL_WP_ENV:-/tmp/reviewctl-wordpress.env}"
STATE="${REVIEWCTL_WP_STATE:-/tmp/reviewctl-wordpress}"
WP=/usr/share/wordpress
CONTENT=/var/lib/wordpress/wp-content
CONFIG="/etc/wordpress/config-$HOST.php"
DB=reviewctl_wp
DB_USER=reviewctl_wp
WP_USER=reviewctl
PHP_PID="$STATE/php.pid"

log() { echo "wordpress: $*" >&2; }
quietly() {
  local said
  if ! said=$("$@" 2>&1); then
    printf '%s\n' "$said" >&2
    log "failed: $*"
    return 1
  fi
}

stop_server() {
  if [ -f "$PHP_PID" ] && kill -0 "$(cat "$PHP_PID")" 2>/dev/null; then
    kill "$(cat "$PHP_PID")"
    log "stopped the PHP server on $URL"
  fi
  rm -f "$PHP_PID"
}

if [ "${1:-}" = stop ]; then
  stop_server
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "needs root (apt-get, MariaDB, /etc/wordpress)"
  exit 1
fi
mkdir -p "$STATE"

# -- packages ---------------------------------------------------------------------------------
missing=()
for pkg in wordpress mariadb-server php-cli php-mysql; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # Services are started below, by hand: keep the packages' scripts from starting Apache.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  # The package lists, unless another CI step refreshed them in the last hour.
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -60 2>/dev/null)" ]; then
    quietly apt-get update -qq
  fi
  quietly apt-get install -y -qq --no-install-recommends "${missing[@]}"
  rm -f /usr/sbin/policy-rc.d
  trap - EXIT
fi

# -- MariaDB ----------------------------------------------------------------------------------
if ! mysqladmin ping --silent >/dev/null 2>&1; then
  log "starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  (setsid mysqld_safe --user=mysql >/dev/null 2>&1 &)
  for _ in $(seq 1 60); do
    mysqladmin ping --silent >/dev/null 2>&1 && break
    sleep 0.5
  done
  mysqladmin ping --silent >/dev/null 2>&1 || { log "MariaDB did not start"; exit 1; }
fi

# -- the site's config ------------------------------------------------------------------------
if [ ! -f "$CONFIG" ] || ! grep -q "'$URL'" "$CONFIG"; then
  DB_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  mysql -u root <<SQL
CREATE DATABASE IF NOT EXISTS $DB;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost';
ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON $DB.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;
SQL
  umask 077
  cat >"$CONFIG" <<PHP
<?php
/* Written by reviewctl's .ci/wordpress.sh: a local WordPress for tests. */
define('DB_NAME', '$DB');
define('DB_USER', '$DB_USER');
define('DB_PASSWORD', '$DB_PASSWORD');
define('DB_HOST', 'localhost');
define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');
define('WP_CONTENT_DIR', '$CONTENT');
define('WP_CONTENT_URL', '$URL/wp-content');
/* Application Passwords over plain HTTP, on loopback only. */
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
PHP
  chmod 644 "$CONFIG"
  umask 022
fi

# -- install WordPress, the test user and an Application Password, in PHP -------------------
cat >"$STATE/setup.php" <<'PHP'
<?php
// argv: host:port, user. Prints the Application Password.
$_SERVER['HTTP_HOST'] = $argv[1];
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
function wp_new_blog_notification(...$args) {}  // no mail from a test site (no sendmail here)
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/user.php';
if (!is_blog_installed()) {
    $result = wp_install('reviewctl test site', 'admin', 'admin@example.invalid', false, '',
                         wp_generate_password(24));
    if (is_wp_error($result)) { fwrite(STDERR, $result->get_error_message() . "\n"); exit(1); }
}
$login = $argv[2];
$user = get_user_by('login', $login);
if (!$user) {
    $id = wp_insert_user(['user_login' => $login, 'user_pass' => wp_generate_password(24),
                          'user_email' => $login . '@example.invalid', 'role' => 'editor']);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
    $user = get_user_by('id', $id);
}
if (!wp_is_application_passwords_available_for_user($user)) {
    fwrite(STDERR, "Application Passwords are not available\n"); exit(1);
}
foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
    if ($item['name'] === 'reviewctl-tests') {
        WP_Application_Passwords::delete_application_password($user->ID, $item['uuid']);
    }
}
$made = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => 'reviewctl-tests']);
if (is_wp_error($made)) { fwrite(STDERR, $made->get_error_message() . "\n"); exit(1); }
echo $made[0];
PHP
PASSWORD=$(php "$STATE/setup.php" "$HOST:$PORT" "$WP_USER")

# -- PHP's built-in server --------------------------------------------------------------------
# Uploads live in $CONTENT, outside the document root: the router serves them.
cat >"$STATE/router.php" <<PHP
<?php
\$path = urldecode(parse_url(\$_SERVER['REQUEST_URI'], PHP_URL_PATH));
if (str_starts_with(\$path, '/wp-content/uploads/') && !str_contains(\$path, '..')) {
    \$file = '$CONTENT' . substr(\$path, strlen('/wp-content'));
    if (is_file(\$file)) {
        header('Content-Type: ' . (mime_content_type(\$file) ?: 'application/octet-stream'));
        header('Content-Length: ' . filesize(\$file));
        readfile(\$file);
        return true;
    }
}
if (\$path !== '/' && is_file('$WP' . \$path) && !str_ends_with(\$path, '.php')) {
    return false;
}
\$_SERVER['SCRIPT_NAME'] = '/index.php';
require '$WP/index.php';
PHP
mkdir -p "$CONTENT/uploads"

answering() {
  php -r '$c = stream_context_create(["http" => ["timeout" => 5]]);
          exit(@file_get_contents($argv[1], false, $c) === false ? 1 : 0);' "$URL/?rest_route=/"
}
if ! answering; then
  stop_server
  log "starting PHP's server on $URL"
  (
    cd "$WP"
    PHP_CLI_SERVER_WORKERS=4 setsid php -d upload_max_filesize=64M -d post_max_size=64M \
      -d memory_limit=256M -S "$HOST:$PORT" -t "$WP" "$STATE/router.php" \
      >"$STATE/php.log" 2>&1 &
    echo $! >"$PHP_PID"
  )
  for _ in $(seq 1 60); do
    answering && break
    sleep 0.25
  done
  answering || { log "the PHP server did not answer; see $STATE/php.log"; exit 1; }
fi

umask 077
cat >"$ENV_FILE" <<EOF
REVIEWCTL_WP_URL=$URL
REVIEWCTL_WP_USER=$WP_USER
REVIEWCTL_WP_PASSWORD=$PASSWORD
REVIEWCTL_WP_PATH=$WP
REVIEWCTL_WP_HOST=$HOST:$PORT
EOF
log "ready at $URL in ${SECONDS}s (user $WP_USER; credentials in $ENV_FILE)"
