<?php
/*
 * The benchmark's side of its throw-away WordPress (bench/wordpress.py), through WordPress's own
 * functions, run by the php CLI:
 *
 *   php wordpress.php install SITE.json   drop and re-create the database, install WordPress
 *   php wordpress.php seed SITE.json      the posts, their comments, the author and a subscriber
 *   php wordpress.php queries SITE.json PATH [COOKIE]   one request: its query count
 *   php wordpress.php count SITE.json     how many comments the POST measurement created
 *   php wordpress.php drop SITE.json      drop the database
 *
 * SITE.json is written by wordpress.py: the docroot, the database, the address and the content.
 * Each command prints one JSON object.
 */

$command = $argv[1];
$site = json_decode(file_get_contents($argv[2]), true);

function database_link(array $db): mysqli
{
    mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
    return new mysqli($db['host'], $db['user'], $db['password'], '', (int) $db['port']);
}

/* The request WordPress sees; wp-load.php itself is required at the top level, since WordPress
 * keeps its state in global variables. */
function fake_request(array $site, array $server = []): void
{
    $address = parse_url($site['url']);
    $_SERVER = array_merge($_SERVER, [
        'HTTP_HOST' => $address['host'] . ':' . $address['port'],
        'SERVER_NAME' => $address['host'],
        'SERVER_PORT' => (string) $address['port'],
        'REQUEST_METHOD' => 'GET',
        'REQUEST_URI' => '/',
        'SCRIPT_NAME' => '/index.php',
        'PHP_SELF' => '/index.php',
        'REMOTE_ADDR' => '127.0.0.1',
    ], $server);
}

function done(array $result): void
{
    echo json_encode($result), "\n";
}

function gmt_and_local(string $gmt): array
{
    return ['gmt' => $gmt, 'local' => get_date_from_gmt($gmt)];
}

function term_ids(array $names, string $taxonomy): array
{
    $ids = [];
    foreach ($names as $name) {
        $found = term_exists($name, $taxonomy);
        $found = $found ?: wp_insert_term($name, $taxonomy);
        $ids[] = (int) $found['term_id'];
    }
    return $ids;
}

/* The featured image, uploaded once and given to every post that has it, with WordPress's sizes. */
function attachment_for(array $image, int $post_id, array &$uploaded): int
{
    if (isset($uploaded[$image['path']])) {
        return $uploaded[$image['path']];
    }
    $upload = wp_upload_bits(basename($image['path']), null, file_get_contents($image['path']));
    $id = wp_insert_attachment([
        'post_mime_type' => 'image/jpeg',
        'post_title' => $image['title'],
        'post_excerpt' => $image['caption'],
        'post_status' => 'inherit',
    ], $upload['file'], $post_id);
    wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $upload['file']));
    update_post_meta($id, '_wp_attachment_image_alt', $image['alt']);
    return $uploaded[$image['path']] = $id;
}

function insert_comments(array $comments, int $post_id, int $author_id): void
{
    $ids = [];
    foreach ($comments as $comment) {
        $date = gmt_and_local($comment['date_gmt']);
        $ids[$comment['id']] = wp_insert_comment([
            'comment_post_ID' => $post_id,
            'comment_parent' => $comment['parent'] ? $ids[$comment['parent']] : 0,
            'comment_author' => $comment['author'],
            'comment_author_email' => $comment['email'],
            'comment_author_url' => $comment['url'],
            'comment_author_IP' => '192.0.2.1',
            'comment_content' => $comment['content'],
            'comment_date_gmt' => $date['gmt'],
            'comment_date' => $date['local'],
            'comment_approved' => 1,
            'user_id' => $comment['by_author'] ? $author_id : 0,
        ]);
    }
}

switch ($command) {
case 'install':
    $db = $site['database'];
    $link = database_link($db);
    $link->query("DROP DATABASE IF EXISTS `{$db['name']}`");
    $link->query("CREATE DATABASE `{$db['name']}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    define('WP_INSTALLING', true);
    fake_request($site);
    require_once $site['docroot'] . '/wp-load.php';
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    $author = $site['author'];
    wp_install($site['blog']['name'], $author['login'], $author['email'], true, '', $author['password']);
    done(['installed' => is_blog_installed()]);
    break;

case 'seed':
    fake_request($site);
    require_once $site['docroot'] . '/wp-load.php';
    require_once ABSPATH . 'wp-admin/includes/image.php';
    // The sample post, page and comment of a new install.
    foreach (get_posts(['post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1]) as $post) {
        wp_delete_post($post->ID, true);
    }
    update_option('blogdescription', $site['blog']['tagline']);
    update_option('posts_per_page', $site['posts_per_page']);
    // Comments shown as ours are: threaded as deep, top-level ones paged as ours, oldest first.
    update_option('thread_comments_depth', $site['comments_depth']);
    update_option('page_comments', 1);
    update_option('comments_per_page', $site['comments_per_page']);
    update_option('default_comments_page', 'oldest');
    update_option('comment_order', 'asc');
    global $wp_rewrite;
    $wp_rewrite->set_permalink_structure($site['permalink_structure']);
    flush_rewrite_rules(false);

    $author = get_user_by('login', $site['author']['login']);
    wp_update_user(['ID' => $author->ID, 'display_name' => $site['author']['display_name']]);
    wp_set_current_user($author->ID); // an administrator's post bodies are kept as written
    $reader = $site['reader'];
    wp_create_user($reader['login'], $reader['password'], $reader['email']);

    $addresses = [];
    $uploaded = [];
    wp_defer_comment_counting(true);
    foreach ($site['posts'] as $post) {
        $date = gmt_and_local($post['date_gmt']);
        $id = wp_insert_post([
            'post_title' => $post['title'],
            'post_name' => $post['slug'],
            'post_content' => $post['html'],
            'post_excerpt' => $post['excerpt'],
            'post_status' => 'publish',
            'post_author' => $author->ID,
            'post_date_gmt' => $date['gmt'],
            'post_date' => $date['local'],
            'post_category' => term_ids($post['categories'], 'category'),
            'tags_input' => $post['tags'],
        ], true);
        if ($post['image']) {
            set_post_thumbnail($id, attachment_for($post['image'], $id, $uploaded));
        }
        insert_comments($post['comments'], $id, $author->ID);
        $addresses[$post['slug']] = wp_make_link_relative(get_permalink($id));
    }
    wp_defer_comment_counting(false);
    done(['addresses' => $addresses]);
    break;

case 'queries':
    // get_num_queries() counts every query wpdb sends, with or without SAVEQUERIES.
    $request = ['REQUEST_URI' => $argv[3]];
    foreach (array_filter(explode('; ', $argv[4] ?? '')) as $pair) {
        [$name, $value] = explode('=', $pair, 2);
        $_COOKIE[$name] = urldecode($value);
    }
    define('WP_USE_THEMES', true);
    ob_start();
    fake_request($site, $request);
    require_once $site['docroot'] . '/wp-load.php';
    wp();
    require_once ABSPATH . WPINC . '/template-loader.php';
    $html = ob_get_clean();
    done(['queries' => get_num_queries(), 'bytes' => strlen($html)]);
    break;

case 'count':
    fake_request($site);
    require_once $site['docroot'] . '/wp-load.php';
    global $wpdb;
    $sent = $wpdb->get_results(
        "SELECT comment_approved, COUNT(*) AS n FROM $wpdb->comments"
        . " WHERE comment_content LIKE 'Benchmark comment %' GROUP BY comment_approved",
        ARRAY_A
    );
    $names = ['0' => 'held for moderation', '1' => 'approved'];
    $created = [];
    foreach ($sent as $row) {
        $created[$names[$row['comment_approved']] ?? $row['comment_approved']] = (int) $row['n'];
    }
    done(['created' => (object) $created]);
    break;

case 'drop':
    $db = $site['database'];
    database_link($db)->query("DROP DATABASE IF EXISTS `{$db['name']}`");
    done(['dropped' => $db['name']]);
    break;
}
