package com.dialsmart.ghlbroadcast.dnc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.shared.JdbcTransactional;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC transaction manager beside JPA's (shared.TransactionConfiguration), with a JDBC-only service
 * ({@link DncService#addNormalized}, {@link JdbcTransactional}) and a JPA one ({@link AccountService}).
 */
class TransactionManagersTests extends IntegrationTest {

	@Autowired
	Fixtures fixtures;

	@Autowired
	DncService dnc;

	@Autowired
	AccountService accounts;

	@Autowired
	PlatformTransactionManager jpaTransactions;

	@Autowired
	@Qualifier(JdbcTransactional.MANAGER)
	PlatformTransactionManager jdbcTransactions;

	@Test
	void aJdbcMethodCalledInAJpaTransactionJoinsItInsteadOfCommittingOnItsConnection() {
		UUID account = this.fixtures.tenant().accountId();
		String phone = Fixtures.uniquePhone();

		new TransactionTemplate(this.jpaTransactions).executeWithoutResult((status) -> {
			this.accounts.find(account);
			this.dnc.addNormalized(account, phone, DncService.Source.MANUAL, "joined");
			assertThat(committedEntries(account, phone)).as("seen from another connection before the commit")
				.isZero();
			status.setRollbackOnly();
		});

		assertThat(committedEntries(account, phone)).as("after the JPA transaction rolled back").isZero();
	}

	@Test
	void aJdbcMethodCalledInAJpaTransactionCommitsWithIt() {
		UUID account = this.fixtures.tenant().accountId();
		String phone = Fixtures.uniquePhone();

		new TransactionTemplate(this.jpaTransactions).executeWithoutResult((status) -> {
			this.accounts.find(account);
			this.dnc.addNormalized(account, phone, DncService.Source.MANUAL, "joined");
		});

		assertThat(committedEntries(account, phone)).isOne();
	}

	@Test
	void aJdbcTransactionRollsBackAsAWhole() {
		UUID account = this.fixtures.tenant().accountId();
		String first = Fixtures.uniquePhone();
		String second = Fixtures.uniquePhone();

		new TransactionTemplate(this.jdbcTransactions).executeWithoutResult((status) -> {
			this.dnc.addNormalized(account, first, DncService.Source.MANUAL, "outer");
			this.dnc.addNormalized(account, second, DncService.Source.MANUAL, "outer");
			status.setRollbackOnly();
		});

		assertThat(committedEntries(account, first) + committedEntries(account, second)).isZero();
	}

	@Test
	void aJpaMethodInsideAJdbcTransactionFailsAtOnce() {
		UUID account = this.fixtures.tenant().accountId();

		assertThatExceptionOfType(TransactionException.class)
			.isThrownBy(() -> new TransactionTemplate(this.jdbcTransactions)
				.executeWithoutResult((status) -> this.accounts.find(account)));
	}

	/** Read on a connection of its own, outside the pool: what other sessions see. */
	private static int committedEntries(UUID account, String phone) {
		try (Connection connection = TestDatabase.get().open();
				PreparedStatement query = connection
					.prepareStatement("select count(*) from dnc_list where user_id = ? and phone = ?")) {
			query.setObject(1, account);
			query.setString(2, phone);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
