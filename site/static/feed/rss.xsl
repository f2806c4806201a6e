<?xml version="1.0" encoding="utf-8"?>
<!-- Shows the site's RSS feed (/feed/) to a person who opens it in a browser as a plain Chinese
     list in the site's own look, instead of raw XML: a heading that says what the page is and
     how to use it, then each item's title (a link), date and summary. A feed reader ignores it.
     Dates come as "Sun, 29 Nov 2026 09:00:00 +0800" (Beijing time) and are shown as
     2026年11月29日（星期日）. No inline style or script: the site's stylesheet does the rest. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="utf-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="site" select="rss/channel/title"/>
    <html lang="zh-Hans">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>订阅更新 - <xsl:value-of select="$site"/></title>
        <link rel="stylesheet" href="/static/css/site.css"/>
      </head>
      <body class="feed-preview">
        <header class="site-header">
          <div class="wrap header-grid">
            <a class="site-name" href="{rss/channel/link}"><span><xsl:value-of select="$site"/></span></a>
          </div>
        </header>
        <main id="main" class="wrap">
          <h1>订阅更新</h1>
          <div class="feed-explain">
            <p>这一页是本站的订阅地址，给“阅读器”软件用的。把这一页的网址复制到阅读器里，以后有新文章、新通知，阅读器会自动告诉您。</p>
            <p><a class="feed-help" href="/subscribe/">怎样订阅？请看说明</a></p>
          </div>
          <h2>最近发布</h2>
          <ol class="feed-items">
            <xsl:for-each select="rss/channel/item">
              <li>
                <a href="{link}"><xsl:value-of select="title"/></a>
                <xsl:if test="pubDate">
                  <p class="feed-date"><xsl:call-template name="chinese-date"><xsl:with-param name="date" select="pubDate"/></xsl:call-template></p>
                </xsl:if>
                <xsl:if test="string(description)">
                  <p class="feed-summary"><xsl:value-of select="description"/></p>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ol>
          <p><a class="button secondary" href="{rss/channel/link}">回到网站首页</a></p>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- "Sun, 29 Nov 2026 09:00:00 +0800" -> 2026年11月29日（星期日） -->
  <xsl:template name="chinese-date">
    <xsl:param name="date"/>
    <xsl:variable name="weekday" select="substring-before($date, ',')"/>
    <xsl:variable name="rest" select="normalize-space(substring-after($date, ','))"/>
    <xsl:variable name="day" select="substring-before($rest, ' ')"/>
    <xsl:variable name="after-day" select="substring-after($rest, ' ')"/>
    <xsl:variable name="month-name" select="substring($after-day, 1, 3)"/>
    <xsl:variable name="year" select="substring-before(substring-after($after-day, ' '), ' ')"/>
    <xsl:variable name="month" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', $month-name)) div 3 + 1"/>
    <xsl:variable name="weekday-index" select="string-length(substring-before('MonTueWedThuFriSatSun', $weekday)) div 3 + 1"/>
    <time datetime="{concat($year, '-', format-number($month, '00'), '-', format-number($day, '00'))}">
      <xsl:value-of select="concat($year, '年', $month, '月', number($day), '日')"/>
      <xsl:if test="contains('MonTueWedThuFriSatSun', $weekday) and string-length($weekday) = 3">
        <xsl:value-of select="concat('（星期', substring('一二三四五六日', $weekday-index, 1), '）')"/>
      </xsl:if>
    </time>
  </xsl:template>
</xsl:stylesheet>
