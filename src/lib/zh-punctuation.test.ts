import { describe, expect, test } from 'vitest';
import { asciiPunctuationAfterChinese, spaceAroundChineseQuotes, spaceAroundFullWidth } from './zh-punctuation.ts';

describe('asciiPunctuationAfterChinese', () => {
  test('finds an ASCII colon or comma and a space after a Chinese character, a full-width mark or a closing quote', () => {
    expect(asciiPunctuationAfterChinese('强制执行 baseline 级别: kubectl get')).toEqual([
      '行 baseline 级别: kubectl get',
    ]);
    expect(asciiPunctuationAfterChinese('集群“fieldlab”, Kubernetes v1.36.4')).toHaveLength(1);
    expect(asciiPunctuationAfterChinese('（kind.yaml）, Kubernetes')).toHaveLength(1);
  });

  test('leaves full-width punctuation, English sentences, URLs and code-like text alone', () => {
    for (const text of [
      '强制执行 baseline 级别：kubectl get',
      '共享的单节点 kind 集群“fieldlab”，Kubernetes v1.36.4',
      'kind v0.33.0, Kubernetes v1.36.4: verified',
      'http://127.0.0.1:38480',
      '输出匹配 /^ok: /',
      '匹配 DNS:kubernetes',
    ]) {
      expect(asciiPunctuationAfterChinese(text), text).toEqual([]);
    }
  });
});

describe('spaceAroundFullWidth', () => {
  test('finds a space before or after a full-width quote, bracket or mark', () => {
    expect(spaceAroundFullWidth('共享的单节点 kind 集群 “fieldlab”')).toHaveLength(1);
    expect(spaceAroundFullWidth('输出包含 “accepted”')).toHaveLength(1);
    expect(spaceAroundFullWidth('对比。 练习：连接被拒绝')).toHaveLength(1);
    expect(spaceAroundFullWidth('非特权的 ICMP “ping 套接字”')).toHaveLength(1);
  });

  test('accepts spaces between Chinese and Latin text, and full-width marks that touch their neighbours', () => {
    for (const text of [
      '共享的单节点 kind 集群“fieldlab”，Kubernetes v1.36.4',
      '报“No space left on device”。',
      '第一行\n（第二行）',
    ]) {
      expect(spaceAroundFullWidth(text), text).toEqual([]);
    }
  });
});

describe('spaceAroundChineseQuotes', () => {
  test('finds a space next to “ or ”, and nothing else', () => {
    expect(spaceAroundChineseQuotes('得到的是 “connection refused”，')).toHaveLength(1);
    expect(spaceAroundChineseQuotes('“KCM” 指 kube-controller-manager')).toHaveLength(1);
    expect(spaceAroundChineseQuotes('实测输出（2026-12-02） · 在源码构建的平台上')).toEqual([]);
    expect(spaceAroundChineseQuotes('得到的是“connection refused”，\n“下一行”')).toEqual([]);
  });
});
