/**
 * Accounts (the tenants), authentication (operator and service-role JWTs, webhook keys) and each account's GHL
 * settings with its encrypted credentials.
 */
package com.dialsmart.ghlbroadcast.account;
