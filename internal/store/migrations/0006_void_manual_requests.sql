-- Manual 实名认证 requests that new legal information ended before an
-- administrator decided them were stored as rejected, with this reason and
-- nobody as decider. They are void, and are listed as such.
UPDATE certifications SET status = 'manual_void'
WHERE status = 'manual_rejected' AND decided_by IS NULL
    AND reason = '已重新提交法人信息，原人工认证申请作废。';
