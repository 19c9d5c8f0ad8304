package com.dialsmart.ghlbroadcast.dnc;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.account.AccountView;
import com.dialsmart.ghlbroadcast.shared.InvalidRequestException;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import com.dialsmart.ghlbroadcast.shared.NotFoundException;
import com.dialsmart.ghlbroadcast.shared.PhoneNumbers;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The Do-Not-Call list of each account, keyed by E.164 phone. */
@Service
public class DncService {

	/** Where an entry came from. */
	public enum Source {

		MANUAL, IMPORT, DTMF_OPT_OUT, API;

		String column() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** One DNC entry. */
	public record DncEntry(String phone, String source, String reason, Instant createdAt) {
	}

	/** A line of an import that was not added because it is not a valid phone number. */
	public record InvalidLine(long line, String value, String problem) {
	}

	/** What an import did. */
	public record ImportResult(int added, int duplicate, int invalid, List<InvalidLine> invalidLines) {
	}

	static final int MAX_IMPORT_LINES = 100_000;

	private static final int MAX_REPORTED_INVALID_LINES = 1_000;

	private final JdbcClient jdbc;

	private final AccountService accounts;

	DncService(JdbcClient jdbc, AccountService accounts) {
		this.jdbc = jdbc;
		this.accounts = accounts;
	}

	/** Whether the E.164 {@code phone} is on the account's list. */
	@Transactional(readOnly = true)
	public boolean isBlocked(UUID accountId, String e164) {
		return this.jdbc.sql("select exists (select 1 from dnc_list where user_id = ? and phone = ?)")
			.param(accountId)
			.param(e164)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Which of the E.164 {@code phones} are on the account's list, in one query: the dialler screens a whole claimed
	 * batch at once. Not in a transaction of its own: one statement, on the dialler's hot path.
	 */
	public Set<String> blockedAmong(UUID accountId, Collection<String> phones) {
		if (phones.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.sql("select phone from dnc_list where user_id = :account and phone in (:phones)")
			.param("account", accountId)
			.param("phones", phones)
			.query(String.class)
			.list());
	}

	/** Adds a phone; answers the entry and whether it was new. An existing entry is kept as it was. */
	@Transactional
	public boolean add(UUID accountId, String rawPhone, Source source, String reason) {
		String phone = normalize(accountId, rawPhone);
		return insert(accountId, phone, source, reason);
	}

	/** Adds an E.164 number the caller has already validated, inside the caller's transaction. */
	@JdbcTransactional
	public boolean addNormalized(UUID accountId, String e164, Source source, String reason) {
		return insert(accountId, e164, source, reason);
	}

	@Transactional
	public void remove(UUID accountId, String rawPhone) {
		String phone = normalize(accountId, rawPhone);
		int deleted = this.jdbc.sql("delete from dnc_list where user_id = ? and phone = ?")
			.param(accountId)
			.param(phone)
			.update();
		if (deleted == 0) {
			throw new NotFoundException(phone + " is not on the Do-Not-Call list");
		}
	}

	@Transactional(readOnly = true)
	public Optional<DncEntry> find(UUID accountId, String rawPhone) {
		String phone = normalize(accountId, rawPhone);
		return this.jdbc.sql("select phone, source, reason, created_at from dnc_list where user_id = ? and phone = ?")
			.param(accountId)
			.param(phone)
			.query((rs, n) -> new DncEntry(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant()))
			.optional();
	}

	/**
	 * Imports a CSV: either one phone per line, or a header row with a {@code phone} column. All valid lines are
	 * added in one transaction; invalid lines are reported with their line numbers.
	 */
	@Transactional
	public ImportResult importCsv(UUID accountId, Reader csv) {
		String region = region(accountId);
		int added = 0;
		int duplicate = 0;
		int invalid = 0;
		List<InvalidLine> invalidLines = new ArrayList<>();
		try (CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get()
			.parse(withoutByteOrderMark(csv))) {
			int phoneColumn = 0;
			boolean first = true;
			for (CSVRecord record : parser) {
				if (record.getRecordNumber() > MAX_IMPORT_LINES) {
					throw new InvalidRequestException("The file has more than " + MAX_IMPORT_LINES
							+ " lines; split it into smaller files");
				}
				if (first) {
					first = false;
					int header = headerColumn(record);
					if (header >= 0) {
						phoneColumn = header;
						continue;
					}
					if (record.size() > 1) {
						throw new InvalidRequestException("The CSV has several columns but no header row naming a "
								+ "'phone' column; add one, or send one phone per line");
					}
				}
				String value = phoneColumn < record.size() ? record.get(phoneColumn) : "";
				PhoneNumbers.Result phone = PhoneNumbers.normalize(value, region);
				if (!phone.valid()) {
					invalid++;
					if (invalidLines.size() < MAX_REPORTED_INVALID_LINES) {
						invalidLines.add(new InvalidLine(parser.getCurrentLineNumber(), truncate(value), phone.problem()));
					}
				}
				else if (insert(accountId, phone.e164(), Source.IMPORT, null)) {
					added++;
				}
				else {
					duplicate++;
				}
			}
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			throw new InvalidRequestException("The CSV could not be read: " + ex.getMessage());
		}
		catch (IllegalStateException ex) {
			throw new InvalidRequestException("The CSV is malformed: " + ex.getMessage());
		}
		return new ImportResult(added, duplicate, invalid, invalidLines);
	}

	/** Excel's "CSV UTF-8" starts with a BOM, which would otherwise stick to the first header or phone. */
	private static Reader withoutByteOrderMark(Reader csv) throws IOException {
		PushbackReader reader = new PushbackReader(csv, 1);
		int first = reader.read();
		if (first != -1 && first != '\uFEFF') {
			reader.unread(first);
		}
		return reader;
	}

	private static int headerColumn(CSVRecord record) {
		for (int i = 0; i < record.size(); i++) {
			String cell = record.get(i).toLowerCase(java.util.Locale.ROOT);
			if (cell.equals("phone") || cell.equals("phone_number") || cell.equals("phonenumber")) {
				return i;
			}
		}
		return -1;
	}

	private boolean insert(UUID accountId, String e164, Source source, String reason) {
		return this.jdbc.sql("""
				insert into dnc_list (user_id, phone, source, reason) values (?, ?, ?, ?)
				on conflict (user_id, phone) do nothing""")
			.params(List.of(accountId, e164, source.column()))
			.param(reason == null ? null : truncate(reason))
			.update() == 1;
	}

	private String normalize(UUID accountId, String rawPhone) {
		PhoneNumbers.Result phone = PhoneNumbers.normalize(rawPhone, region(accountId));
		if (!phone.valid()) {
			throw new InvalidRequestException(phone.problem());
		}
		return phone.e164();
	}

	private String region(UUID accountId) {
		return this.accounts.find(accountId).map(AccountView::defaultPhoneRegion)
			.orElseThrow(() -> new NotFoundException("Account " + accountId + " not found"));
	}

	private static String truncate(String value) {
		String clean = value.replace("\u0000", "");
		return clean.length() <= 500 ? clean : clean.substring(0, 500);
	}

}
