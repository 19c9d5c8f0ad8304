package com.dialsmart.ghlbroadcast.account;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.PhoneNumbers;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and finds accounts. */
@Service
public class AccountService {

	private final AccountRepository accounts;

	private final Clock clock;

	AccountService(AccountRepository accounts, Clock clock) {
		this.accounts = accounts;
		this.clock = clock;
	}

	/**
	 * @param name 1 to 200 characters
	 * @param defaultPhoneRegion a region {@link PhoneNumbers#isSupportedRegion libphonenumber knows}, or {@code null}
	 * for US
	 */
	@Transactional
	public AccountView create(String name, String defaultPhoneRegion) {
		String region = defaultPhoneRegion == null ? "US" : defaultPhoneRegion.strip().toUpperCase(Locale.ROOT);
		Account account = new Account(UUID.randomUUID(), name.strip(), region, this.clock.instant());
		return this.accounts.save(account).view();
	}

	@Transactional(readOnly = true)
	public Optional<AccountView> find(UUID id) {
		return this.accounts.findById(id).map(Account::view);
	}

	/** The oldest account with exactly this name. */
	@Transactional(readOnly = true)
	public Optional<AccountView> findFirstByName(String name) {
		return this.accounts.findFirstByNameOrderByCreatedAtAsc(name).map(Account::view);
	}

	@Transactional(readOnly = true)
	public boolean exists(UUID id) {
		return this.accounts.existsById(id);
	}

}
