package com.dialsmart.ghlbroadcast.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code @Transactional} on the plain JDBC transaction manager, for code that uses only SQL. A JPA transaction opens,
 * flushes and closes a Hibernate session even when nothing in it uses one, which was over a third of the CPU of
 * recording a call's result (docs/BENCHMARKS.md).
 * <p>
 * Called inside a transaction of the JPA manager, these methods join it. Inside one of these, a method on the JPA
 * manager fails at once, so JPA code is never reached from here. A failure inside a joined method rolls the JPA
 * transaction back only if its exception reaches that transaction's boundary: a caller that catches it and commits
 * keeps what the method wrote before it failed (where two JPA methods would end in an UnexpectedRollbackException).
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Transactional(transactionManager = JdbcTransactional.MANAGER)
public @interface JdbcTransactional {

	/** The bean name of the JDBC transaction manager, for a {@code TransactionTemplate}. */
	String MANAGER = "jdbcTransactionManager";

	@AliasFor(annotation = Transactional.class)
	Propagation propagation() default Propagation.REQUIRED;

	@AliasFor(annotation = Transactional.class)
	boolean readOnly() default false;

}
