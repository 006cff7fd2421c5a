-- Entitlements: company-specific limits the platform operator sets on top of the tier.
ALTER TABLE companies ADD COLUMN limit_overrides TEXT NOT NULL DEFAULT '{}';
