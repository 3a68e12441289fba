-- Guests who never come back are deleted after GUEST_EXPIRY_HOURS; this finds them without a scan.
-- A character never flushed has no last_seen_at yet: its creation time stands in.
CREATE INDEX characters_guest_last_seen ON characters ((coalesce(last_seen_at, created_at))) WHERE user_id IS NULL;
