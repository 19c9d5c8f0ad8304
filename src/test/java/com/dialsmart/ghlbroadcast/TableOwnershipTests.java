package com.dialsmart.ghlbroadcast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner per table: only the module that owns a table names it in SQL or maps it as an entity; every other module
 * goes through the owner's public API (or an event). The check reads the main sources: SQL is whatever a string
 * literal or text block says after {@code from}, {@code join}, {@code update}, {@code into}, {@code table},
 * {@code truncate} or {@code using} (comments never count, nor do aliases such as {@code for update of q}), a literal
 * that is exactly a table's name (a table named in configuration, {@code @Table(name = ...)}), and the default table
 * of an {@code @Entity} without {@code @Table}. Only the tables the Flyway migrations create are looked for, so words
 * in messages are not mistaken for tables.
 */
class TableOwnershipTests {

	/** The owner of each table: a new table gets its line here, in the same change as its migration. */
	static final Map<String, String> OWNERS = Map.ofEntries(
			entry("rate_limit_buckets", "shared"),
			entry("accounts", "account"),
			entry("webhook_keys", "account"),
			entry("dnc_list", "dnc"),
			entry("voice_broadcasts", "broadcast"),
			entry("broadcast_queue", "broadcast"),
			entry("broadcast_queue_stats", "broadcast"),
			entry("call_attempts", "calls"),
			entry("webhook_activity", "trigger"),
			entry("ghl_sync_settings", "ghlsync"),
			entry("ghl_pending_updates", "ghlsync"),
			entry("ghl_location_pacing", "ghlsync"));

	private static final Path MAIN = Path.of("src/main/java/com/dialsmart/ghlbroadcast");

	private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

	/** A keyword after which SQL names a table (the name may follow {@code only}, {@code if exists} and the like). */
	private static final Pattern TABLE_KEYWORD = Pattern.compile(
			"\\b(from|join|update|into|table|truncate|using)\\s+(?:(?:only|table|if\\s+(?:not\\s+)?exists|lateral)\\s+)*"
					+ "([a-z_][a-z0-9_]*(?:\\s*\\.\\s*[a-z_][a-z0-9_]*)?)",
			Pattern.CASE_INSENSITIVE);

	/** {@code for update of q}, {@code for no key update}: a lock clause, whose words name aliases, not tables. */
	private static final Pattern LOCK_CLAUSE = Pattern.compile(
			"\\bfor\\s+(?:no\\s+key\\s+)?(?:update|share|key\\s+share)(?:\\s+of\\s+[a-z_][a-z0-9_]*(?:\\s*,\\s*[a-z_][a-z0-9_]*)*)?",
			Pattern.CASE_INSENSITIVE);

	/** {@code on conflict ... do update set}: the row being inserted, no table. */
	private static final Pattern DO_UPDATE = Pattern.compile("\\bdo\\s+update\\b", Pattern.CASE_INSENSITIVE);

	private static final Pattern CREATE_TABLE = Pattern.compile(
			"\\bcreate\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)", Pattern.CASE_INSENSITIVE);

	private static final Pattern DROP_TABLE = Pattern.compile(
			"\\bdrop\\s+table\\s+(?:if\\s+exists\\s+)?([a-z_][a-z0-9_]*)", Pattern.CASE_INSENSITIVE);

	private static final Pattern ENTITY = Pattern.compile("@(?:jakarta\\.persistence\\.)?Entity\\b");

	private static final Pattern ENTITY_NAME = Pattern.compile("@(?:jakarta\\.persistence\\.)?Entity\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");

	private static final Pattern TABLE_ANNOTATION = Pattern.compile("@(?:jakarta\\.persistence\\.)?Table\\b");

	private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:class|record)\\s+([A-Z][A-Za-z0-9]*)");

	@Test
	void everyTableTheMigrationsCreateHasExactlyOneOwner() {
		Set<String> created = tablesCreatedByMigrations();

		assertThat(created).as("tables created by %s", MIGRATIONS).isNotEmpty();
		assertThat(OWNERS.keySet()).as("tables with an owner in OWNERS (a table the migrations create needs one, "
				+ "and an owner of a table no migration creates is stale)").containsExactlyInAnyOrderElementsOf(created);
		assertThat(new TreeSet<>(OWNERS.values())).as("owners are modules")
			.isSubsetOf(modules());
	}

	@Test
	void onlyTheOwnerNamesATableInSqlOrMapsIt() {
		List<Reference> references = references();
		List<String> violations = new ArrayList<>();
		for (Reference reference : references) {
			String owner = OWNERS.get(reference.table());
			if (owner == null) {
				violations.add("%s/%s maps table '%s', which no migration creates".formatted(reference.module(),
						reference.file(), reference.table()));
				continue;
			}
			if (owner.equals(reference.module())) {
				continue;
			}
			violations.add("module '%s' names table '%s' (owned by '%s') in %s/%s: \"%s\"".formatted(reference.module(),
					reference.table(), owner, reference.module(), reference.file(), reference.context()));
		}
		assertThat(violations).as("a module names a table it does not own: use the owner's public API instead")
			.isEmpty();
	}

	/** The check itself: what it must find and what it must leave alone. */
	@Test
	void readsSqlInLiteralsAndNothingElse() {
		String source = """
				package x;
				/** Reads from broadcast_queue, joins accounts: Javadoc, not SQL. */
				@Entity
				@Table(name = "webhook_keys")
				class Sample {
					// update broadcast_queue set ... (a comment)
					/* insert into dnc_list */
					String a = "select q.id from broadcast_queue q join accounts a on a.id = q.user_id for update of q";
					String b = \"""
							update voice_broadcasts b set name = ? from call_attempts c, ghl_sync_settings s
							 where b.id = c.broadcast_id -- not into webhook_activity, a SQL comment
							\""";
					String c = "insert into ghl_pending_updates (id) values (?) on conflict (id) do update set id = ?";
					String d = "delete from webhook_activity where id = ?";
					String e = "rate_limit_buckets";
					String f = "the broadcast_queue is full, update it from the accounts page";
					String g = "\\"from dnc_list\\" is quoted: " + "from ghl_location_pacing";
					char h = '"';
					String i = "select exists (select 1 from broadcast_queue_stats)";
				}
				""";

		Set<String> tables = references("sample", "Sample.java", source).stream().map(Reference::table)
			.collect(Collectors.toCollection(TreeSet::new));

		assertThat(tables).containsExactlyInAnyOrder("webhook_keys", "broadcast_queue", "accounts", "voice_broadcasts",
				"call_attempts", "ghl_sync_settings", "ghl_pending_updates", "webhook_activity", "rate_limit_buckets",
				"dnc_list", "ghl_location_pacing", "broadcast_queue_stats");
		assertThat(references("sample", "Comments.java", """
				/** select * from broadcast_queue */
				// delete from accounts
				class Comments {
					/* update voice_broadcasts */
					String words = "a queue of calls from the broadcast, joined into one";
					String alias = "select 1 from x q for update of q";
				}
				""")).isEmpty();
		assertThat(references("sample", "Mapped.java", """
				@Entity
				class WebhookActivity {
				}
				""")).extracting(Reference::table).containsExactly("webhook_activity");
	}

	/** A table named in SQL, a table-name literal or a mapping, by a module's source file. */
	record Reference(String module, String file, String table, String context) {
	}

	private static List<Reference> references() {
		List<Reference> references = new ArrayList<>();
		try (Stream<Path> files = Files.walk(MAIN)) {
			files.filter(file -> file.toString().endsWith(".java")).sorted().forEach(file -> {
				Path relative = MAIN.relativize(file);
				String module = relative.getNameCount() > 1 ? relative.getName(0).toString() : "(application)";
				references.addAll(references(module, file.getFileName().toString(), read(file)));
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return references;
	}

	static List<Reference> references(String module, String file, String source) {
		Set<Reference> references = new LinkedHashSet<>();
		for (String literal : stringLiterals(source)) {
			String sql = withoutSqlComments(literal);
			String context = sql.strip().replaceAll("\\s+", " ");
			if (OWNERS.containsKey(context.toLowerCase(Locale.ROOT))) {
				references.add(new Reference(module, file, context.toLowerCase(Locale.ROOT), context));
				continue;
			}
			String scanned = DO_UPDATE.matcher(LOCK_CLAUSE.matcher(sql).replaceAll(" ")).replaceAll(" ");
			Matcher keyword = TABLE_KEYWORD.matcher(scanned);
			while (keyword.find()) {
				String around = scanned.substring(keyword.start(), Math.min(scanned.length(), keyword.end() + 40))
					.strip()
					.replaceAll("\\s+", " ");
				addTable(references, module, file, keyword.group(2), around);
				if (keyword.group(1).equalsIgnoreCase("from") || keyword.group(1).equalsIgnoreCase("using")) {
					for (String next : commaJoinedTables(scanned, keyword.end())) {
						addTable(references, module, file, next, around);
					}
				}
			}
		}
		String code = withoutComments(source);
		if (ENTITY.matcher(code).find() && !TABLE_ANNOTATION.matcher(code).find()) {
			Matcher named = ENTITY_NAME.matcher(code);
			Matcher type = CLASS_NAME.matcher(code.substring(ENTITY.matcher(code).results().findFirst().orElseThrow().end()));
			String entity = named.find() ? named.group(1) : type.find() ? type.group(1) : null;
			if (entity != null) {
				String table = entity.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
				references.add(new Reference(module, file, table, "@Entity " + entity));
			}
		}
		return new ArrayList<>(references);
	}

	private static void addTable(Set<Reference> references, String module, String file, String name, String context) {
		String table = name.replaceAll("\\s", "").toLowerCase(Locale.ROOT);
		table = table.substring(table.lastIndexOf('.') + 1);
		if (OWNERS.containsKey(table)) {
			references.add(new Reference(module, file, table, abbreviate(context)));
		}
	}

	/** The further tables of {@code from a x, b y}: after each comma, the next table reference. */
	private static List<String> commaJoinedTables(String sql, int from) {
		List<String> tables = new ArrayList<>();
		Matcher item = Pattern.compile("\\G(?:\\s+(?:as\\s+)?(?!where\\b|join\\b|on\\b|left\\b|inner\\b|cross\\b"
				+ "|order\\b|group\\b|limit\\b|for\\b|returning\\b|set\\b)[a-z_][a-z0-9_]*)?\\s*,\\s*"
				+ "(?:only\\s+|lateral\\s+)?([a-z_][a-z0-9_]*)(?!\\s*\\()", Pattern.CASE_INSENSITIVE).matcher(sql);
		int position = from;
		while (item.find(position)) {
			tables.add(item.group(1));
			position = item.end();
		}
		return tables;
	}

	/** The contents of every string literal and text block, comments and char literals skipped. */
	static List<String> stringLiterals(String source) {
		List<String> literals = new ArrayList<>();
		int i = 0;
		int n = source.length();
		while (i < n) {
			char c = source.charAt(i);
			if (source.startsWith("//", i)) {
				i = lineEnd(source, i);
			}
			else if (source.startsWith("/*", i)) {
				int end = source.indexOf("*/", i + 2);
				i = end < 0 ? n : end + 2;
			}
			else if (source.startsWith("\"\"\"", i)) {
				StringBuilder text = new StringBuilder();
				i += 3;
				while (i < n && !source.startsWith("\"\"\"", i)) {
					if (source.charAt(i) == '\\' && i + 1 < n) {
						text.append(source.charAt(i + 1));
						i += 2;
					}
					else {
						text.append(source.charAt(i++));
					}
				}
				literals.add(text.toString());
				i += 3;
			}
			else if (c == '"' || c == '\'') {
				StringBuilder text = new StringBuilder();
				i++;
				while (i < n && source.charAt(i) != c && source.charAt(i) != '\n') {
					if (source.charAt(i) == '\\' && i + 1 < n) {
						text.append(source.charAt(i + 1));
						i += 2;
					}
					else {
						text.append(source.charAt(i++));
					}
				}
				if (c == '"') {
					literals.add(text.toString());
				}
				i++;
			}
			else {
				i++;
			}
		}
		return literals;
	}

	/** The source with comments blanked out (string literals kept), for reading annotations. */
	private static String withoutComments(String source) {
		StringBuilder code = new StringBuilder();
		int i = 0;
		int n = source.length();
		while (i < n) {
			if (source.startsWith("//", i)) {
				i = lineEnd(source, i);
			}
			else if (source.startsWith("/*", i)) {
				int end = source.indexOf("*/", i + 2);
				i = end < 0 ? n : end + 2;
				code.append(' ');
			}
			else if (source.startsWith("\"\"\"", i)) {
				int end = source.indexOf("\"\"\"", i + 3);
				end = end < 0 ? n : end + 3;
				code.append(source, i, end);
				i = end;
			}
			else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
				char quote = source.charAt(i);
				int start = i++;
				while (i < n && source.charAt(i) != quote) {
					i += source.charAt(i) == '\\' ? 2 : 1;
				}
				code.append(source, start, Math.min(n, i + 1));
				i++;
			}
			else {
				code.append(source.charAt(i++));
			}
		}
		return code.toString();
	}

	private static String withoutSqlComments(String sql) {
		return sql.replaceAll("--[^\\n]*", " ").replaceAll("(?s)/\\*.*?\\*/", " ");
	}

	private static int lineEnd(String source, int from) {
		int end = source.indexOf('\n', from);
		return end < 0 ? source.length() : end;
	}

	private static String abbreviate(String context) {
		return context.length() <= 160 ? context : context.substring(0, 157) + "...";
	}

	private static Set<String> tablesCreatedByMigrations() {
		Map<String, String> migrations = new TreeMap<>(Comparator.comparingInt(TableOwnershipTests::version));
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
				.forEach(file -> migrations.put(file.getFileName().toString(), read(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Set<String> tables = new TreeSet<>();
		migrations.values().forEach(script -> {
			String sql = withoutSqlComments(script);
			CREATE_TABLE.matcher(sql).results().forEach(m -> tables.add(m.group(1).toLowerCase(Locale.ROOT)));
			DROP_TABLE.matcher(sql).results().forEach(m -> tables.remove(m.group(1).toLowerCase(Locale.ROOT)));
		});
		return tables;
	}

	private static int version(String migration) {
		return Integer.parseInt(migration.substring(1, migration.indexOf("__")));
	}

	private static Set<String> modules() {
		try (Stream<Path> entries = Files.list(MAIN)) {
			return entries.filter(Files::isDirectory).map(dir -> dir.getFileName().toString())
				.collect(Collectors.toCollection(TreeSet::new));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
