package com.dialsmart.ghlbroadcast.shared;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Two transaction managers on the one database: JPA's, the default for {@code @Transactional} (as Spring Boot would
 * make it, which it no longer does once another manager exists), and a JDBC one for {@link JdbcTransactional}.
 */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

	@Bean
	@Primary
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory,
			ObjectProvider<TransactionManagerCustomizers> customizers) {
		JpaTransactionManager manager = new JpaTransactionManager(entityManagerFactory);
		customizers.ifAvailable((c) -> c.customize(manager));
		return manager;
	}

	@Bean(JdbcTransactional.MANAGER)
	JdbcTransactionManager jdbcTransactionManager(DataSource dataSource,
			ObjectProvider<TransactionManagerCustomizers> customizers) {
		JdbcTransactionManager manager = new JoiningJdbcTransactionManager(dataSource);
		customizers.ifAvailable((c) -> c.customize(manager));
		return manager;
	}

	/**
	 * Joins a transaction the JPA manager started on this thread. The JPA manager binds its connection for JDBC code
	 * but does not mark it active, so the plain JDBC manager would take it for its own, begin on it and commit it in
	 * the middle of the JPA transaction.
	 */
	static class JoiningJdbcTransactionManager extends JdbcTransactionManager {

		JoiningJdbcTransactionManager(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		protected boolean isExistingTransaction(Object transaction) {
			return super.isExistingTransaction(transaction)
					|| (TransactionSynchronizationManager.isActualTransactionActive()
							&& TransactionSynchronizationManager.hasResource(obtainDataSource()));
		}

	}

}
